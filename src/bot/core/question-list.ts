import type { TextParams } from "../../shared/index.js";
import type { Button } from "./types.js";

/**
 * The step engine of the forms (the registration form, the loan check): an ordered list of
 * questions, some asked only after certain answers, numbered "3/7" for the person. Each form
 * declares its questions over its own answers; reading an answer gives a `StepAnswer`.
 */

/** What reading one answer gave. */
export type StepAnswer<Value> =
  | { kind: "value"; value: Value; notice?: string }
  /** Not an answer to this question: `reason` is a text key; `buttons` offer a likely meaning ("did you mean 150 triệu?"). */
  | { kind: "invalid"; reason: string; params?: TextParams; buttons?: Button[] };

export const answer = <Value>(value: Value, notice?: string): StepAnswer<Value> => ({ kind: "value", value, ...(notice ? { notice } : {}) });
export const invalid = (reason: string, params?: TextParams, buttons?: Button[]): StepAnswer<never> => ({
  kind: "invalid",
  reason,
  ...(params ? { params } : {}),
  ...(buttons?.length ? { buttons } : {}),
});

export interface Question<Answers, Id extends string> {
  id: Id;
  /** Absent: always asked. */
  applies?(answers: Answers): boolean;
  /** A question that only follows another one's answer shares its number, so the total never grows. */
  follows?: Id;
}

export interface QuestionList<Answers, Id extends string> {
  readonly ids: readonly Id[];
  includes(step: string): step is Id;
  applies(id: Id, answers: Answers): boolean;
  /** The questions that apply, in order. */
  active(answers: Answers): Id[];
  /** "3 of 7" for the person; a follow-up has the number of the question it follows. */
  numberOf(id: Id, answers: Answers): { number: number; total: number };
  /** The question after `id` that applies; undefined after the last. */
  after(id: Id, answers: Answers): Id | undefined;
  /** The first question that applies and has no answer yet. */
  firstUnanswered(answers: Answers, answered: (id: Id) => boolean): Id | undefined;
}

export function questionList<Answers, Id extends string>(questions: readonly Question<Answers, Id>[]): QuestionList<Answers, Id> {
  const ids = questions.map((question) => question.id);
  const byId = new Map(questions.map((question) => [question.id, question]));
  const applies = (id: Id, answers: Answers) => byId.get(id)?.applies?.(answers) ?? true;
  const active = (answers: Answers) => ids.filter((id) => applies(id, answers));
  return {
    ids,
    includes: (step): step is Id => (ids as readonly string[]).includes(step),
    applies,
    active,
    numberOf(id, answers) {
      const numbered = active(answers).filter((candidate) => !byId.get(candidate)?.follows);
      return { number: numbered.indexOf(byId.get(id)?.follows ?? id) + 1, total: numbered.length };
    },
    after(id, answers) {
      const list = active(answers);
      return list[list.indexOf(id) + 1];
    },
    firstUnanswered: (answers, answered) => active(answers).find((id) => !answered(id)),
  };
}
