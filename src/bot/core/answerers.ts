import type { QuestionAnswerer, Turn, TurnResult } from "./core.js";

/** An answerer that may pass: undefined means "not mine, ask the next one". */
export type FreeTextAnswerer = (turn: Turn, question: string) => Promise<TurnResult | undefined>;

/**
 * Free text outside a flow goes to each answerer in order; the first that answers wins, and
 * `last` (the knowledge base) answers whatever no one else took.
 */
export function answerInOrder(answerers: readonly FreeTextAnswerer[], last: QuestionAnswerer): QuestionAnswerer {
  return async (turn, question) => {
    for (const answer of answerers) {
      const result = await answer(turn, question);
      if (result) return result;
    }
    return last(turn, question);
  };
}
