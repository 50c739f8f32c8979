import { simplify as fold } from "../../../shared/index.js";
import { detour, type FlowResult } from "../../core/index.js";
import { cleanText } from "../../../registrations/index.js";
import type { FormAction } from "./actions.js";
import { FIELDS, forgetInvalidated, keepAnswer, type FieldContext, type FieldId, type FieldOutcome } from "./form.js";
import type { Prompts } from "./prompts.js";
import type { RegistrationDeps, RegistrationStep, RegistrationTurn } from "./registration-data.js";
import { nextStep, type Submission } from "./submit.js";

type Result = FlowResult<RegistrationStep>;

export const YES = new Set(["co", "dong y", "toi dong y", "yes", "ok", "y", "agree", "i agree", "u", "uh", "vang", "da"]);
export const NO = new Set(["khong", "ko", "k", "no", "n", "khong dong y", "tu choi", "disagree"]);

/** The answers to the form's questions: read, checked, kept (with what they make obsolete), then the next question. */
export function createFieldAnswers(deps: RegistrationDeps, prompts: Prompts, submission: Submission) {
  const { service, localities, now } = deps;
  const { goTo } = prompts;

  /** An answer to one question of the form: a pressed choice, a typed choice or free text. */
  async function onField(turn: RegistrationTurn, field: FieldId, input: { text?: string; action?: FormAction | undefined }): Promise<Result> {
    const outcome = await readField(turn, field, input);
    // A button of an earlier question, pressed late: ask the current one again.
    if (!outcome) return detour([]);
    if (outcome.kind === "invalid") return prompts.failed(turn, field, outcome.reason, outcome.params);
    if (outcome.kind === "detour") return goTo(turn, outcome.step);
    const data = turn.flow.data;
    const previous = JSON.stringify(data.answers[field]);
    if (!keepAnswer(data, field, outcome.value)) return prompts.failed(turn, field, "reg.error.choice");
    const changed = previous !== JSON.stringify(data.answers[field]);
    const notices = [outcome.notice, ...(changed ? forgetInvalidated(field, fieldContext(turn)) : [])].filter((notice): notice is string => Boolean(notice));
    await submission.saveDraft(turn);
    return goTo(turn, nextStep(data), notices.length ? [{ text: notices.join("\n") }] : undefined);
  }

  async function readField(
    turn: RegistrationTurn,
    field: FieldId,
    input: { text?: string; action?: FormAction | undefined },
  ): Promise<FieldOutcome | undefined> {
    const spec = FIELDS[field];
    const context = fieldContext(turn);
    if ("action" in input) {
      const action = input.action;
      if (action?.kind !== "v" || action.field !== field || !spec.choices?.(context.data.answers).includes(action.code)) return undefined;
      return spec.fromChoice ? spec.fromChoice(action.code, context) : { kind: "value", value: action.code };
    }
    if (!input.text) return undefined;
    const typedChoice = matchChoice(turn, field, input.text);
    if (typedChoice !== undefined) return spec.fromChoice ? spec.fromChoice(typedChoice, context) : { kind: "value", value: typedChoice };
    if (spec.parse) return spec.parse(input.text, context);
    return { kind: "invalid", reason: "reg.error.choice" };
  }

  /** A typed label of one of the field's choices counts as pressing it. */
  function matchChoice(turn: RegistrationTurn, field: FieldId, text: string): string | undefined {
    const choices = FIELDS[field].choices?.(turn.flow.data.answers) ?? [];
    const typed = fold(cleanText(text));
    if (!typed) return undefined;
    if (field === "loanNeeded") return YES.has(typed) ? "yes" : NO.has(typed) ? "no" : undefined;
    return choices.find((code) => {
      const label = field === "province" ? (localities.byCode(code)?.shortName ?? code) : turn.t(`reg.choice.${field}.${code}`);
      return fold(label) === typed || fold(code.replace(/_/g, " ")) === typed;
    });
  }

  function fieldContext(turn: RegistrationTurn): FieldContext {
    return { turn, data: turn.flow.data, service, localities, now: now() };
  }

  return { onField, fieldContext };
}
