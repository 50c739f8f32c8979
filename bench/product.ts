/**
 * Everything the benchmarks take from the product, in one place: when src/ moves, re-point
 * these lines. (The servers themselves are started from src/main.ts, in server-process.ts.)
 */
export { contentDir } from "../src/paths.js";
export { createAnnouncementService, createAnnouncementWorker, systemClock } from "../src/announcements/index.js";
export { loadTexts } from "../src/bot/core/index.js";
export { createTelegramPushSender } from "../src/bot/channels/telegram/index.js";
export { openDatabase, type DatabaseOptions } from "../src/db/index.js";
export { answerMessage, createKnowledgeBase, loadEntries, loadKnowledgeBase, loadQuestionReading } from "../src/knowledge/index.js";
export { loadEvaluationSets } from "../src/evaluation/sets.js";
export { buildSearchEngine } from "../src/knowledge/engine-factory.js";
export { loadJurisdictionNames } from "../src/knowledge/knowledge-base.js";
export { loadScopeCheck } from "../src/knowledge/scope.js";
export { loadShorthand } from "../src/knowledge/shorthand.js";
export { createAnalyzer } from "../src/knowledge/vietnamese.js";
export { removeDiacritics } from "../src/shared/fold.js";
