/** The knowledge base judged through the bot on curated question sets (kb:eval, kb:check). */
export { findNearCopies, NEAR_COPY_THRESHOLD, type NearCopy } from "./near-copies.js";
export { describe, rightBy, summarise, type Summary } from "./report.js";
export { runConversations, runQuestions, type CaseResult } from "./run.js";
export { loadEvaluationSets, namedEntryIds, type EvaluationCase, type EvaluationConversation, type EvaluationSets, type Expectation } from "./sets.js";
