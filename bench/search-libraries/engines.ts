import { buildSearchEngine } from "../product.js";
import { buildFlexSearch } from "./flexsearch-engine.js";
import { buildMiniSearch } from "./minisearch-engine.js";
import { buildOrama } from "./orama-engine.js";
import { createLibraryTokenizer, type RetrievalEngine } from "./vietnamese-tokens.js";

export type EngineName = "ours" | "minisearch" | "flexsearch" | "orama";
export const engineNames: EngineName[] = ["ours", "minisearch", "flexsearch", "orama"];

/** Builds each engine over the passages; the libraries get the same shorthand table as ours. */
export function engineBuilders(shorthand: ReadonlyMap<string, string>): Record<EngineName, (passages: string[]) => RetrievalEngine | Promise<RetrievalEngine>> {
  const tokens = createLibraryTokenizer(shorthand);
  return {
    ours(passages) {
      const engine = buildSearchEngine(
        passages.map((text, index) => ({ id: String(index), primary: text })),
        shorthand,
      );
      return { search: (question, limit) => engine.search(question, { limit }).map((hit) => Number(hit.id)) };
    },
    minisearch: (passages) => buildMiniSearch(passages, tokens),
    flexsearch: (passages) => buildFlexSearch(passages, tokens),
    orama: (passages) => buildOrama(passages, tokens),
  };
}
