export { createModelAssistant, ModelTimeout, type AssistantSettings, type ModelAssistant, type ModelUsage, type ModelUse } from "./assistant.js";
export { fromLangChain, type ChatPrompt, type LanguageModel } from "./model.js";
export { createOpenAiCompatibleModel, type OpenAiCompatibleSettings } from "./openai-compatible.js";
export { maskForModel } from "./private-data.js";
export { createConfiguredAssistant } from "./configured.js";
