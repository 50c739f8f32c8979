import { simplify as fold } from "../../../shared/index.js";
import { defineFlow, detour, done, REGISTRATION_FLOW_ID, type FlowInput, type FlowResult } from "../../core/index.js";
import { checkAge, looksLikeQuestion } from "../../../registrations/index.js";
import { formActions, type FormAction } from "./actions.js";
import { createFieldAnswers, NO, YES } from "./field-answers.js";
import { FIELD_ORDER, applies, forgetInvalidated, formDataSchema, keepAnswer, ownerOf } from "./form.js";
import type { Prompts } from "./prompts.js";
import { DECISION_STEPS, registrationData, type RegistrationDeps, type RegistrationStep, type RegistrationTurn } from "./registration-data.js";
import type { createRights } from "./rights.js";
import { nextStep, type Submission } from "./submit.js";

type Result = FlowResult<RegistrationStep>;

/**
 * The registration form ("Giấy đăng ký") as a flow of the core: a draft offered back, consent,
 * the questions, the decisions some answers need (age, a name without diacritics, a
 * registration the person already has), the summary and its edits, and the claim code.
 */
export function registrationFlow(deps: RegistrationDeps, parts: { prompts: Prompts; submission: Submission; rights: ReturnType<typeof createRights> }) {
  const { service, now } = deps;
  const { prompts, submission, rights } = parts;
  const { goTo } = prompts;
  const { onField, fieldContext } = createFieldAnswers(deps, prompts, submission);

  const flow = defineFlow({
    id: REGISTRATION_FLOW_ID,
    data: registrationData,
    steps: [...DECISION_STEPS, ...FIELD_ORDER],
    start: (turn) => startRegistration(turn, deps, prompts),
    handle,
    ask: prompts.ask,
    // The core tells the person that what they typed will not be used: the saved draft goes too.
    cancel: (turn) => service.drafts.delete(ownerOf(turn)),
  });

  async function handle(turn: RegistrationTurn, input: FlowInput): Promise<Result> {
    if (input.text && looksLikeQuestion(input.text)) return detour((await turn.answerQuestion(input.text)).replies);
    const action = input.action === undefined ? undefined : formActions.unpack(input.action);
    if (action?.kind === "stop") return done([turn.menu("reg.stopped")]);
    if (action?.kind === "staff") return detour([{ text: turn.t("reg.staffHelp") }]);
    const step = turn.flow.step;
    switch (step) {
      case "resume":
        return onResume(turn, action ?? yesNo(input.text, { kind: "resume" }, { kind: "restart" }));
      case "existing":
        return onExisting(turn, action ?? yesNo(input.text, { kind: "update" }, { kind: "stop" }));
      case "consent":
        return onConsent(turn, action ?? yesNo(input.text, { kind: "c", answer: "yes" }, { kind: "c", answer: "no" }));
      case "ageRefused":
        return onAgeRefused(turn, action, input.text);
      case "nameCheck":
        return onNameCheck(turn, action, input.text);
      case "duplicate":
        return onDuplicate(turn, action ?? yesNo(input.text, { kind: "dup", choice: "update" }, { kind: "stop" }));
      case "summary":
        return onSummary(turn, action ?? yesNo(input.text, { kind: "confirm" }, undefined));
      case "editPick":
        return onEditPick(turn, action);
      case "claimCode":
        return submission.enterClaimCode(turn, input.text);
      default:
        return onField(turn, step, input.action === undefined ? { text: input.text } : { action });
    }
  }

  async function onResume(turn: RegistrationTurn, action: FormAction | undefined): Promise<Result> {
    if (action?.kind === "resume") {
      const draft = await service.drafts.load(ownerOf(turn));
      const saved = registrationData.safeParse(draft?.answers);
      if (saved.success) turn.flow.data = saved.data;
      return goTo(turn, nextStep(turn.flow.data));
    }
    if (action?.kind === "restart") {
      await service.drafts.delete(ownerOf(turn));
      turn.flow.data = { answers: {} };
      return goTo(turn, "consent");
    }
    return detour([]);
  }

  async function onExisting(turn: RegistrationTurn, action: FormAction | undefined): Promise<Result> {
    if (action?.kind === "update") {
      const data = turn.flow.data;
      data.updateOf = data.existingCode;
      delete data.existingCode;
      return goTo(turn, "consent");
    }
    if (action?.kind === "status") return done(await rights.status(turn));
    return detour([]);
  }

  async function onConsent(turn: RegistrationTurn, action: FormAction | undefined): Promise<Result> {
    if (action?.kind === "c" && action.answer === "yes") {
      turn.flow.data.consentAt = now().toISOString();
      await submission.saveDraft(turn);
      return goTo(turn, nextStep(turn.flow.data));
    }
    if (action?.kind === "c") return done([turn.menu("reg.consent.declined")]);
    return prompts.failed(turn, "consent", "reg.error.choice");
  }

  async function onAgeRefused(turn: RegistrationTurn, action: FormAction | undefined, text: string | undefined): Promise<Result> {
    const data = turn.flow.data;
    if (action?.kind === "age" && action.choice === "student" && data.pendingBirthDate && checkAge(data.pendingBirthDate, "student", now()).ok) {
      keepAnswer(data, "applicantType", "student");
      keepAnswer(data, "birthDate", data.pendingBirthDate);
      delete data.pendingBirthDate;
      forgetInvalidated("applicantType", fieldContext(turn));
      await submission.saveDraft(turn);
      return goTo(turn, nextStep(data));
    }
    if (action?.kind === "age" && action.choice === "retry") return goTo(turn, "birthDate");
    // A typed date is a new attempt at the birth date.
    if (text) return onField(turn, "birthDate", { text });
    return detour([]);
  }

  async function onNameCheck(turn: RegistrationTurn, action: FormAction | undefined, text: string | undefined): Promise<Result> {
    const data = turn.flow.data;
    if (action?.kind === "name" && data.pendingName) {
      keepAnswer(data, "fullName", data.pendingName);
      delete data.pendingName;
      await submission.saveDraft(turn);
      return goTo(turn, nextStep(data));
    }
    // A typed name is a new attempt (with diacritics, one hopes).
    if (text) return onField(turn, "fullName", { text });
    return detour([]);
  }

  async function onDuplicate(turn: RegistrationTurn, action: FormAction | undefined): Promise<Result> {
    const data = turn.flow.data;
    if (action?.kind === "dup" && data.pendingCitizenId && data.duplicateCode) {
      keepAnswer(data, "citizenId", data.pendingCitizenId);
      data.updateOf = data.duplicateCode;
      delete data.pendingCitizenId;
      delete data.duplicateCode;
      await submission.saveDraft(turn);
      return goTo(turn, nextStep(data));
    }
    return detour([]);
  }

  async function onSummary(turn: RegistrationTurn, action: FormAction | undefined): Promise<Result> {
    if (action?.kind === "edit") return goTo(turn, "editPick");
    if (action?.kind === "confirm") return submission.submit(turn);
    return detour([]);
  }

  async function onEditPick(turn: RegistrationTurn, action: FormAction | undefined): Promise<Result> {
    if (action?.kind === "e" && applies(action.field, turn.flow.data.answers)) {
      turn.flow.data.editing = true;
      return goTo(turn, action.field);
    }
    if (action?.kind === "back") return goTo(turn, "summary");
    return detour([]);
  }

  return flow;
}

/** A draft is offered back; a person with an active registration is offered to update it; anyone else starts with consent. */
async function startRegistration(turn: RegistrationTurn, { service }: RegistrationDeps, { goTo }: Prompts): Promise<Result> {
  const draft = await service.drafts.load(ownerOf(turn));
  if (draft && formDataSchema.safeParse(draft.answers).data?.consentAt) {
    turn.flow.data.pendingResume = draft.updatedAt.toISOString();
    return goTo(turn, "resume");
  }
  const active = (await service.listMine(ownerOf(turn))).find((registration) => registration.active);
  if (active) {
    turn.flow.data = { answers: {}, existingCode: active.referenceCode };
    return goTo(turn, "existing");
  }
  return goTo(turn, "consent");
}

/** "có" / "không" typed instead of pressing the yes or no button. */
function yesNo(text: string | undefined, yes: FormAction, no: FormAction | undefined): FormAction | undefined {
  if (!text) return undefined;
  const folded = fold(text);
  if (YES.has(folded)) return yes;
  if (NO.has(folded)) return no;
  return undefined;
}
