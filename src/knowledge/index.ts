import path from "node:path";
import { createKnowledgeBase, loadJurisdictionNames, type AnswerThresholds, type KnowledgeBase } from "./knowledge-base.js";
import { formatProblem, loadEntries } from "./load-entries.js";
import { loadEnglishReader } from "./question/english.js";
import { loadMarketFinder } from "./question/markets.js";
import { loadScopeCheck } from "./scope.js";
import { loadDialect, loadShorthand } from "./shorthand.js";
import { createAnalyzer } from "./vietnamese.js";

export {
  createKnowledgeBase,
  defaultThresholds,
  type AnswerContext,
  type AnswerThresholds,
  type KnowledgeBase,
  type KnowledgeResult,
  type RankedHit,
} from "./knowledge-base.js";
export type { KnowledgeEntry, EntrySource } from "./entry-schema.js";
export { answerMessage, type MessageAnswer, type PreviousTopic } from "./message.js";
export { loadEntries, formatProblem } from "./load-entries.js";

export class KnowledgeContentInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`The knowledge base has ${problems.length} problem(s); run npm run kb:check:\n${problems.slice(0, 20).join("\n")}`);
    this.name = "KnowledgeContentInvalid";
  }
}

/** Loads and checks `content/knowledge` and the search data in `content/search`; throws on any problem. */
export function loadKnowledgeBase(contentDir: string, thresholds?: AnswerThresholds): KnowledgeBase {
  const { entries, problems } = loadEntries(path.join(contentDir, "knowledge"));
  if (problems.length) throw new KnowledgeContentInvalid(problems.map(formatProblem));
  const analyze = createAnalyzer(
    loadShorthand(path.join(contentDir, "search", "shorthand.yaml")),
    loadDialect(path.join(contentDir, "search", "dialect.yaml")),
  );
  return createKnowledgeBase({
    entries,
    analyze,
    scope: loadScopeCheck(path.join(contentDir, "search", "out-of-scope.yaml"), analyze),
    jurisdictionNames: loadJurisdictionNames(path.join(contentDir, "search", "jurisdictions.yaml")),
    markets: loadMarketFinder(path.join(contentDir, "search", "markets.yaml")),
    english: loadEnglishReader(path.join(contentDir, "search", "english.yaml")),
    thresholds,
  });
}
