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
export { answerMessageWithModel, type AssistedAnswer } from "./assisted-message.js";
export { loadEntries, formatProblem } from "./load-entries.js";

export { KnowledgeContentInvalid } from "./content-invalid.js";
import { KnowledgeContentInvalid } from "./content-invalid.js";

/**
 * How questions are read, from `content/search`: shorthand and regional words, the out-of-scope
 * list, place names, destinations and English words. Everything a knowledge base needs but its entries.
 */
export function loadQuestionReading(contentDir: string) {
  const file = (name: string) => path.join(contentDir, "search", name);
  const analyze = createAnalyzer(loadShorthand(file("shorthand.yaml")), loadDialect(file("dialect.yaml")));
  return {
    analyze,
    scope: loadScopeCheck(file("out-of-scope.yaml"), analyze),
    jurisdictionNames: loadJurisdictionNames(file("jurisdictions.yaml")),
    markets: loadMarketFinder(file("markets.yaml")),
    english: loadEnglishReader(file("english.yaml")),
  };
}

/** Loads and checks `content/knowledge` and the search data in `content/search`; throws on any problem. */
export function loadKnowledgeBase(contentDir: string, thresholds?: AnswerThresholds): KnowledgeBase {
  const { entries, problems } = loadEntries(path.join(contentDir, "knowledge"));
  if (problems.length) throw new KnowledgeContentInvalid(problems.map(formatProblem));
  return createKnowledgeBase({ entries, ...loadQuestionReading(contentDir), thresholds });
}
export { createKnowledgeCuration, createKnowledgeHolder, createStoredQuestionLog, type KnowledgeCuration, type KnowledgeHolder } from "./curation/index.js";
export { createLoggedQuestionLog, type QuestionLog, type QuestionRecord } from "./question-log.js";
export { describeOverlap, findOverlappingEntries } from "./overlapping-entries.js";
export { buildSearchEngine } from "./engine-factory.js";
export { loadShorthand } from "./shorthand.js";
export { createAnalyzer, type Analyzer } from "./vietnamese.js";
export { defaultLowCoverage, type QuestionReview } from "./curation/question-review.js";
export type { DecideResult, PhrasingProposals } from "./curation/phrasing-proposals.js";
export { modelProposer, proposePhrasingsFromModel } from "./curation/model-suggestions.js";
