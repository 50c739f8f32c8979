import { ChatOpenAI } from "@langchain/openai";
import { fromLangChain, type LanguageModel } from "./model.js";

export interface OpenAiCompatibleSettings {
  /** Up to and including /v1, e.g. http://10.0.0.5:8000/v1 (vLLM, Ollama, llama.cpp's server, LM Studio, a hosted service). */
  baseUrl: string;
  model: string;
  /** Servers run in a province often need none; the client library insists on some value. */
  apiKey?: string;
}

/**
 * A model behind any server speaking OpenAI's /v1/chat/completions. Our guards own timeouts and
 * failures, so the library must not retry: a retry would double the wait the person sees.
 */
export function createOpenAiCompatibleModel(settings: OpenAiCompatibleSettings): LanguageModel {
  return fromLangChain(
    new ChatOpenAI({
      model: settings.model,
      apiKey: settings.apiKey ?? "none",
      configuration: { baseURL: settings.baseUrl },
      // Answers must be reproducible enough to be measured with kb:eval before switching on.
      temperature: 0,
      maxRetries: 0,
      maxTokens: 600,
    }),
  );
}
