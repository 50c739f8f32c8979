export {
  createBotCore,
  type BotCore,
  type Feature,
  type HandlerReplies,
  type Turn,
  type TurnHandler,
  type TurnResult,
  type AnswerOutcome,
  type QuestionAnswerer,
} from "./core.js";
export {
  defineFlow,
  detour,
  done,
  next,
  stay,
  type Flow,
  type FlowDefinition,
  type FlowInput,
  type FlowProgress,
  type FlowResult,
  type FlowTurn,
  type TypedFlow,
} from "./flow-engine.js";
export type { SavedFlow } from "./saved-flow.js";
export { actionCodec, tupleActionCodec, type ActionCodec, type ActionOf } from "./action-codec.js";
export { createConversationStore, type ConversationStore, type ConversationState, type PersonState } from "./conversation-store.js";
export { createMemoryConversationStore } from "./memory-conversation-store.js";
export { createProcessedUpdates, type ProcessedUpdates } from "./processed-updates.js";
export { createTurnQueue, type TurnQueue } from "./turn-queue.js";
export { loadTexts, type TextParams, type Texts } from "../../shared/index.js";
export { createFloodLimiter, limitFlooding } from "./flood-limit.js";
export * from "./types.js";
export { answerInOrder, type FreeTextAnswerer } from "./answerers.js";
export {
  ASK_STAFF_ACTION,
  ASK_STAFF_AFTER_QUESTION,
  HANDOFF_FLOW_ID,
  LOAN_FLOW_ID,
  REGISTRATION_FLOW_ID,
  showEntryAction,
  startFlowAction,
  SUBSCRIPTION_OFFER_ACTION,
} from "./actions.js";
export { ActionPrefixClash, checkActionPrefixes, packAction } from "./action-prefixes.js";
export { answer, invalid, questionList, type Question, type QuestionList, type StepAnswer } from "./question-list.js";
