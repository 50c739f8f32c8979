import { simplify as fold } from "../../../shared/index.js";
import { ASK_STAFF_ACTION, next, stay, type Button, type FlowResult, type Reply, type Turn } from "../../core/index.js";
import { CLAIM_CODE_MINUTES, checkAge, formatDate } from "../../../registrations/index.js";
import { formActions, type FormAction } from "./actions.js";
import { FIELD_ORDER, FIELDS, applies, questions, ownerOf, type FieldId } from "./form.js";
import { CONSENT_VERSION, type RegistrationDeps, type RegistrationStep, type RegistrationTurn } from "./registration-data.js";

const MAX_RETRIES_BEFORE_HELP = 3;

export type Prompts = ReturnType<typeof createPrompts>;

/** The questions of the registration flow: each step's text and buttons, and the same again after a wrong answer. */
export function createPrompts(deps: RegistrationDeps) {
  const { service, localities, now } = deps;

  /** The question of `step`; the duplicate question sends to the summary once there is no duplicate any more. */
  async function ask(turn: RegistrationTurn, step: RegistrationStep): Promise<Reply[] | { kind: "next"; step: RegistrationStep }> {
    const data = turn.flow.data;
    const stop = stopButton(turn);
    switch (step) {
      case "resume":
        return [
          {
            text: turn.t("reg.resume.ask", { date: formatDateTime(data.pendingResume ?? now().toISOString()) }),
            buttons: [button(turn, "reg.button.resume", { kind: "resume" }), button(turn, "reg.button.restart", { kind: "restart" }), stop],
          },
        ];
      case "existing":
        return [
          {
            text: turn.t("reg.existing.ask", { code: data.existingCode ?? "" }),
            buttons: [button(turn, "reg.button.update", { kind: "update" }), button(turn, "reg.button.status", { kind: "status" }), stop],
          },
        ];
      case "consent":
        return [
          {
            text: turn.t("reg.consent.text", { version: CONSENT_VERSION }),
            buttons: [button(turn, "reg.button.agree", { kind: "c", answer: "yes" }), button(turn, "reg.button.decline", { kind: "c", answer: "no" })],
          },
        ];
      case "ageRefused":
        return [ageRefusal(turn, now())];
      case "duplicate":
        return duplicateQuestion(turn);
      case "claimCode":
        return [{ text: turn.t("reg.claim.codeAsk", { minutes: CLAIM_CODE_MINUTES }), buttons: [stop] }];
      case "nameCheck":
        return [
          {
            text: turn.t("reg.nameCheck.ask", { name: data.pendingName ?? "" }),
            buttons: [{ label: turn.t("reg.button.keepName", { name: data.pendingName ?? "" }), action: formActions.pack("name", { choice: "keep" }) }, stop],
          },
        ];
      case "summary":
        return [
          {
            text: turn.t(data.updateOf ? "reg.summary.titleUpdate" : "reg.summary.title", { lines: summaryLines(turn) }),
            buttons: [button(turn, "reg.button.confirm", { kind: "confirm" }), button(turn, "reg.button.edit", { kind: "edit" }), stop],
          },
        ];
      case "editPick":
        return [
          {
            text: turn.t("reg.edit.ask"),
            buttons: [
              ...FIELD_ORDER.filter((field) => applies(field, data.answers)).map((field) => button(turn, `reg.field.${field}`, { kind: "e", field })),
              button(turn, "reg.button.backToSummary", { kind: "back" }),
            ],
          },
        ];
      default:
        return askField(turn, step);
    }
  }

  async function duplicateQuestion(turn: RegistrationTurn): Promise<Reply[] | { kind: "next"; step: RegistrationStep }> {
    // Only ever the person's own registration: another account's goes through a claim,
    // and nothing here says whether, or since when, an ID is registered elsewhere.
    const { pendingCitizenId } = turn.flow.data;
    const existing = pendingCitizenId ? await service.findActiveByCitizenId(service.open(pendingCitizenId), ownerOf(turn)) : undefined;
    if (!existing?.sameOwner) {
      turn.flow.data.editing = false;
      return { kind: "next", step: "summary" };
    }
    return [
      {
        text: turn.t("reg.duplicate.own", { code: existing.referenceCode, status: turn.t(`reg.choice.status.${existing.status}`) }),
        buttons: [button(turn, "reg.button.updateExisting", { kind: "dup", choice: "update" }), stopButton(turn)],
      },
    ];
  }

  function askField(turn: RegistrationTurn, field: FieldId, error?: string): Reply[] {
    const { answers } = turn.flow.data;
    // Follow-ups are numbered as the question they follow: "16/17" twice, never "/17" then "/18".
    const { number, total } = questions.numberOf(field, answers);
    const question = `${turn.t("reg.progress", { step: number, total })} ${turn.t(`reg.ask.${field}`)}`;
    const text = [error, question].filter(Boolean).join("\n\n");
    const buttons = (FIELDS[field].choices?.(answers) ?? []).map((code) => ({
      label: turn.t(field === "province" ? "reg.choice.province" : `reg.choice.${field}.${code}`, { name: localities.byCode(code)?.shortName ?? code }),
      action: formActions.pack("v", { field, code }),
    }));
    return [{ text, ...(buttons.length ? { buttons } : {}) }];
  }

  /** A wrong answer to `step`: why, an example, the question again; after a few, an offer of staff help. */
  async function failed(
    turn: RegistrationTurn,
    step: RegistrationStep,
    reason: string,
    params?: Record<string, string | number>,
  ): Promise<FlowResult<RegistrationStep>> {
    const retries = turn.flow.countRetry();
    // The example is left out when the question (or the error) already gives it: said once.
    const example = turn.t(`reg.example.${step}`);
    const reasonText = turn.t(reason, params);
    const field = questions.includes(step) ? step : undefined;
    const said = fold(`${reasonText} ${field ? turn.t(`reg.ask.${field}`) : ""}`);
    const error = said.includes(fold(example)) ? reasonText : `${reasonText}\n${turn.t("reg.example.intro")} ${example}`;
    const replies = field ? askField(turn, field, error) : await withError(turn, step, error);
    if (retries >= MAX_RETRIES_BEFORE_HELP) {
      replies.push({
        text: turn.t("reg.staffHelp"),
        // The draft is saved, so the form waits while staff help.
        buttons: [{ label: turn.t("reg.button.askStaff"), action: ASK_STAFF_ACTION }, stopButton(turn)],
      });
    }
    return stay(replies);
  }

  async function withError(turn: RegistrationTurn, step: RegistrationStep, error: string): Promise<Reply[]> {
    const question = await ask(turn, step);
    if (!Array.isArray(question)) return [{ text: error }];
    const [first, ...rest] = question;
    return first ? [{ ...first, text: `${error}\n\n${first.text}` }, ...rest] : [{ text: error }];
  }

  function summaryLines(turn: RegistrationTurn): string {
    const { answers } = turn.flow.data;
    return FIELD_ORDER.filter((field) => applies(field, answers) && answers[field] !== undefined)
      .map((field) => `• ${turn.t(`reg.field.${field}`)}: ${FIELDS[field].show(answers, { turn, service, localities })}`)
      .join("\n");
  }

  /** Goes to `step`; reaching the summary ends an edit of one field. */
  function goTo(turn: RegistrationTurn, step: RegistrationStep, before?: Reply[]): FlowResult<RegistrationStep> {
    if (step === "summary") turn.flow.data.editing = false;
    return next(step, before);
  }

  return { ask, askField, failed, goTo };
}

export function stopButton(turn: Turn): Button {
  return { label: turn.t("reg.button.stop"), action: formActions.pack("stop") };
}

function button(turn: Turn, labelKey: string, action: FormAction): Button {
  return { label: turn.t(labelKey), action: formActions.encode(action) };
}

/** Too young for the chosen kind of applicant: when, and whether going as a student would do. */
function ageRefusal(turn: RegistrationTurn, today: Date): Reply {
  const { pendingBirthDate, answers } = turn.flow.data;
  const age = checkAge(pendingBirthDate ?? "", answers.applicantType ?? "worker", today);
  const refusal =
    !age.ok && age.reason === "tooYoung"
      ? turn.t(answers.applicantType === "student" ? "reg.age.studentTooYoung" : "reg.age.workerTooYoung", {
          age: age.age,
          minimum: age.minimum,
          date: formatDate(age.eligibleOn),
        })
      : turn.t("reg.error.date.invalid");
  const buttons = [button(turn, "reg.button.retryBirthDate", { kind: "age", choice: "retry" })];
  if (answers.applicantType !== "student" && pendingBirthDate && checkAge(pendingBirthDate, "student", today).ok) {
    buttons.push(button(turn, "reg.button.switchToStudent", { kind: "age", choice: "student" }));
  }
  return { text: refusal, buttons: [...buttons, stopButton(turn)] };
}

function formatDateTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${local.slice(11, 16)} ${formatDate(local.slice(0, 10))}`;
}
