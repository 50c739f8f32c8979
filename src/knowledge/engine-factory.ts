import { createSearchEngine, type SearchDocument, type SearchEngine } from "./search-engine.js";
import { createAnalyzer, type Shorthand } from "./vietnamese.js";

/** The one way to build the search engine, for the bot and for the benchmarks alike. */
export function buildSearchEngine(documents: SearchDocument[], shorthand: Shorthand): SearchEngine {
  return createSearchEngine({ analyze: createAnalyzer(shorthand), documents });
}
