export { createBotCore, type BotCore, type Feature, type Flow, type Turn, type TurnResult, type AnswerOutcome, type QuestionAnswerer } from "./core.js";
export { createConversationStore, type ConversationStore, type ConversationState, type FlowState } from "./conversation-store.js";
export { createProcessedUpdates, type ProcessedUpdates } from "./processed-updates.js";
export { loadTexts, type TextParams, type Texts } from "../../shared/index.js";
export { createFloodLimiter, limitFlooding } from "./flood-limit.js";
export * from "./types.js";
export { answerInOrder, type FreeTextAnswerer } from "./answerers.js";
export { ASK_STAFF_AFTER_QUESTION, HANDOFF_FLOW_ID, LOAN_FLOW_ID, REGISTRATION_FLOW_ID } from "./actions.js";
export { ActionPrefixClash, checkActionPrefixes, packAction } from "./action-prefixes.js";
