export { createBotCore, type BotCore, type Feature, type Flow, type Turn, type TurnResult, type AnswerOutcome, type QuestionAnswerer } from "./core.js";
export { createConversationStore, type ConversationStore, type ConversationState, type FlowState } from "./conversation-store.js";
export { createProcessedUpdates, type ProcessedUpdates } from "./processed-updates.js";
export { loadTexts, type Texts } from "./texts.js";
export * from "./types.js";
