import type { Logger } from "pino";
import type { AppConfig } from "../config.js";
import { createModelAssistant, type ModelAssistant } from "./assistant.js";
import { createOpenAiCompatibleModel } from "./openai-compatible.js";

/** The configured model behind its guards, or undefined when none is configured (the default). */
export function createConfiguredAssistant(settings: AppConfig["llm"], logger: Logger): ModelAssistant | undefined {
  if (!settings) return undefined;
  const model = createOpenAiCompatibleModel({ baseUrl: settings.baseUrl, model: settings.model, apiKey: settings.apiKey });
  return createModelAssistant({ model, settings, logger });
}
