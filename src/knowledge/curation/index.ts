export { createKnowledgeHolder, type KnowledgeHolder } from "./knowledge-holder.js";
export { createStoredQuestionLog } from "./stored-question-log.js";
export { createKnowledgeCuration, type KnowledgeCuration } from "./curation.js";
