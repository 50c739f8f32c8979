/** How a refused request is answered: the status, the JSON body and any headers. */
export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Named domain errors and their answers, keyed by the error's `name` (every error class sets it). */
export type ErrorAnswers = Readonly<Record<string, (error: Error) => ErrorAnswer>>;

/**
 * One entry of a table: `answerTo(TargetExists, () => ({ status: 409, body: … }))`. The class
 * gives the key (its name, which its instances carry as `name`) and the type of the error.
 */
export function answerTo<E extends Error>(errorClass: abstract new (...args: never[]) => E, answer: (error: E) => ErrorAnswer): ErrorAnswers {
  return { [errorClass.name]: answer as (error: Error) => ErrorAnswer };
}

/** Joins the domains' tables; two domains answering the same error name is a start-up error, never a silent override. */
export function joinErrorAnswers(...tables: ErrorAnswers[]): ErrorAnswers {
  const joined: Record<string, (error: Error) => ErrorAnswer> = {};
  for (const table of tables) {
    for (const [name, answer] of Object.entries(table)) {
      if (Object.hasOwn(joined, name)) throw new Error(`two answers for the error ${name}: give one of the errors another name`);
      joined[name] = answer;
    }
  }
  return joined;
}

/** The answer to `error`, if it is a named domain error of the table. */
export function answerFor(answers: ErrorAnswers, error: Error): ErrorAnswer | undefined {
  return Object.hasOwn(answers, error.name) ? answers[error.name]!(error) : undefined;
}

/** The usual 400 for one field, as `parseRequest` answers it. */
export function invalidField(field: string, message: string): ErrorAnswer {
  return { status: 400, body: { error: "invalid request", fields: [{ field, message }] } };
}
