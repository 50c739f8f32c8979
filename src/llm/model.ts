import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";

/** What a use sends to a language model: instructions and the material, both already built. */
export interface ChatPrompt {
  system: string;
  user: string;
}

/**
 * The one thing this project asks of a language model. Small on purpose: a provider that is not
 * OpenAI-compatible is added by writing this one method, not by touching the uses or the guards.
 */
export interface LanguageModel {
  complete(prompt: ChatPrompt, signal: AbortSignal): Promise<string>;
}

/** Any LangChain chat model (ChatOpenAI, a test fake, another provider's package) as our model. */
export function fromLangChain(model: BaseChatModel): LanguageModel {
  return {
    async complete(prompt, signal) {
      const response = await model.invoke([new SystemMessage(prompt.system), new HumanMessage(prompt.user)], { signal });
      return typeof response.content === "string"
        ? response.content
        : response.content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
    },
  };
}
