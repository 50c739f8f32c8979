import type { Logger } from "pino";
import type { Feature, Flow, Turn } from "../../core/index.js";
import type { Button, Locale, Reply } from "../../core/index.js";
import { COUNTRIES, type ApplicantType } from "../../../registrations/index.js";
import {
  applies,
  FIELD_ORDER,
  FIELDS,
  forgetInvalidated,
  nextField,
  ownerOf,
  type FieldContext,
  type FieldId,
  type FieldOutcome,
  type FormData,
} from "./form.js";
import type { Localities } from "../../../registrations/index.js";
import { RegistrationInvalid, type RegistrationInput, type RegistrationService, type RegistrationView } from "../../../registrations/index.js";
import { CLAIM_CODE_MINUTES, type RegistrationClaims } from "../../../registrations/index.js";
import { simplify as fold } from "../../../shared/index.js";
import { checkAge, cleanText, formatDate, looksLikeQuestion, vietnamToday } from "../../../registrations/index.js";

export { REGISTRATION_FLOW_ID as FLOW_ID } from "../../core/index.js";
import { REGISTRATION_FLOW_ID as FLOW_ID } from "../../core/index.js";
/** Feature actions outside the form (status, withdraw, erase): another prefix, so they work mid-form. */
export const RIGHTS_PREFIX = "regme";
/** Stored with each registration: which consent text the person agreed to. */
export const CONSENT_VERSION = "2026-11-v1";
const MAX_RETRIES_BEFORE_HELP = 3;

const YES = new Set(["co", "dong y", "toi dong y", "yes", "ok", "y", "agree", "i agree", "u", "uh", "vang", "da"]);
const NO = new Set(["khong", "ko", "k", "no", "n", "khong dong y", "tu choi", "disagree"]);

export interface RegistrationFeatureOptions {
  service: RegistrationService;
  localities: Localities;
  logger: Logger;
  now?: () => Date;
  /** Changes asked from another account than the registering one wait for proof (issue 14). */
  claims?: RegistrationClaims;
  /** How the registering account is told and staff are asked; without it, every claim waits for staff. */
  contact?: ClaimContact;
  /** /xoadulieu reaches beyond registrations: the person's handoff threads, a vacuum of the embedded database. */
  afterErase?: (person: Person) => Promise<void>;
  /** What staff recorded since (loan, support, departure), in the person's words, for /trangthai. */
  outcomeLines?: (referenceCode: string, locale: Locale) => Promise<string[]>;
}

type Person = { channel: string; userId: string };

/** What the registration feature needs from the channels and the staff inbox for claims. */
export interface ClaimContact {
  /** Pushes a text (a locale key, rendered in Vietnamese) to a person; false when their channel cannot receive it. */
  notify(person: Person, key: string, params: Record<string, string | number>): Promise<boolean>;
  /** Puts a note before the staff of the registration's locality (a handoff in the inbox). */
  askStaff(
    claimant: Person,
    locality: { provinceCode: string; communeKey: string | null },
    key: string,
    params: Record<string, string | number>,
  ): Promise<void>;
}

/**
 * The registration form ("Giấy đăng ký") as one flow of the core, plus the person's rights:
 * /dangky, /trangthai (status, withdraw) and /xoadulieu (erasure).
 */
export function createRegistrationFeature(options: RegistrationFeatureOptions): Feature {
  const { service, localities, logger, claims, contact, afterErase } = options;
  const now = options.now ?? (() => new Date());

  const flow: Flow = {
    id: FLOW_ID,
    async start(turn) {
      const draft = await service.drafts.load(ownerOf(turn));
      if (draft && (draft.answers as Partial<FormData>).consentAt) {
        formOf(turn).pendingResume = draft.updatedAt.toISOString();
        return goTo(turn, "resume");
      }
      const active = (await service.listMine(ownerOf(turn))).find((registration) => registration.active);
      if (active) {
        flowState(turn).data = { answers: {}, existingCode: active.referenceCode } satisfies FlowData;
        return goTo(turn, "existing");
      }
      return goTo(turn, "consent");
    },

    async handle(turn, input) {
      const step = flowState(turn).step;
      if (input.text && looksLikeQuestion(input.text)) {
        const answered = await turn.answerQuestion(input.text);
        // The answer may have ended the flow (it should not): then there is nothing to re-ask.
        return turn.state.flow ? [...answered.replies, ...(await ask(turn, step))] : answered.replies;
      }
      const action = input.action;
      if (action === "stop") return stop(turn);
      if (action === "staff") return [{ text: turn.t("reg.staffHelp") }, ...(await ask(turn, step))];
      switch (step) {
        case "resume":
          return onResume(turn, action ?? yesNo(input.text, "resume", "restart"));
        case "existing":
          return onExisting(turn, action ?? yesNo(input.text, "update", "stop"));
        case "consent":
          return onConsent(turn, action ?? yesNo(input.text, "c:yes", "c:no"));
        case "ageRefused":
          return onAgeRefused(turn, input);
        case "duplicate":
          return onDuplicate(turn, action ?? yesNo(input.text, "dup:update", "stop"));
        case "summary":
          return onSummary(turn, action ?? yesNo(input.text, "confirm", undefined));
        case "editPick":
          return onEditPick(turn, action);
        case "claimCode":
          return onClaimCode(turn, input.text);
        default:
          if ((FIELD_ORDER as readonly string[]).includes(step)) return onField(turn, step as FieldId, input);
          return goTo(turn, nextStep(formOf(turn)));
      }
    },

    prompt: (turn) => ask(turn, flowState(turn).step),
    // The core tells the person that what they typed will not be used: the saved draft goes too.
    cancel: (turn) => service.drafts.delete(ownerOf(turn)),
  };

  // ------------------------------------------------------------------------ the steps

  async function onResume(turn: Turn, action: string | undefined): Promise<Reply[]> {
    if (action === "resume") {
      const draft = await service.drafts.load(ownerOf(turn));
      if (draft) flowState(turn).data = { ...(draft.answers as unknown as FlowData) };
      return goTo(turn, nextStep(formOf(turn)));
    }
    if (action === "restart") {
      await service.drafts.delete(ownerOf(turn));
      flowState(turn).data = { answers: {} };
      return goTo(turn, "consent");
    }
    return ask(turn, "resume");
  }

  async function onExisting(turn: Turn, action: string | undefined): Promise<Reply[]> {
    if (action === "update") {
      const data = formOf(turn);
      data.updateOf = data.existingCode;
      delete data.existingCode;
      return goTo(turn, "consent");
    }
    if (action === "status") {
      turn.state.flow = null;
      return statusReplies(turn);
    }
    return ask(turn, "existing");
  }

  async function onConsent(turn: Turn, action: string | undefined): Promise<Reply[]> {
    if (action === "c:yes") {
      const data = formOf(turn);
      data.consentAt = now().toISOString();
      await saveDraft(turn);
      return goTo(turn, nextStep(data));
    }
    if (action === "c:no") {
      turn.state.flow = null;
      return [turn.menu("reg.consent.declined")];
    }
    return failed(turn, "consent", "reg.error.choice");
  }

  async function onAgeRefused(turn: Turn, input: { text?: string; action?: string }): Promise<Reply[]> {
    const data = formOf(turn);
    if (input.action === "age:student" && data.pendingBirthDate && checkAge(data.pendingBirthDate, "student", now()).ok) {
      data.answers.applicantType = "student";
      data.answers.birthDate = data.pendingBirthDate;
      delete data.pendingBirthDate;
      forgetInvalidated("applicantType", fieldContext(turn));
      await saveDraft(turn);
      return goTo(turn, nextStep(data));
    }
    if (input.action === "age:retry") return goTo(turn, "birthDate");
    // A typed date is a new attempt at the birth date.
    if (input.text) return onField(turn, "birthDate", input);
    return ask(turn, "ageRefused");
  }

  async function onDuplicate(turn: Turn, action: string | undefined): Promise<Reply[]> {
    const data = formOf(turn);
    if (action === "dup:update" && data.pendingCitizenId && data.duplicateCode) {
      data.answers.citizenId = data.pendingCitizenId;
      data.updateOf = data.duplicateCode;
      delete data.pendingCitizenId;
      delete data.duplicateCode;
      await saveDraft(turn);
      return goTo(turn, nextStep(data));
    }
    return ask(turn, "duplicate");
  }

  async function onSummary(turn: Turn, action: string | undefined): Promise<Reply[]> {
    if (action === "edit") return goTo(turn, "editPick");
    if (action === "confirm") return submit(turn);
    return ask(turn, "summary");
  }

  async function onEditPick(turn: Turn, action: string | undefined): Promise<Reply[]> {
    const field = action?.startsWith("e:") ? (action.slice(2) as FieldId) : undefined;
    const data = formOf(turn);
    if (field && (FIELD_ORDER as readonly string[]).includes(field) && applies(field, data.answers)) {
      data.editing = true;
      return goTo(turn, field);
    }
    if (action === "back") return goTo(turn, "summary");
    return ask(turn, "editPick");
  }

  async function onField(turn: Turn, field: FieldId, input: { text?: string; action?: string }): Promise<Reply[]> {
    const data = formOf(turn);
    const spec = FIELDS[field];
    const context = fieldContext(turn);
    let outcome: FieldOutcome | undefined;
    if (input.action) {
      const [kind, actionField, code] = input.action.split(":");
      // A button of an earlier question, pressed late: ask the current one again.
      if (kind !== "v" || actionField !== field || code === undefined) return ask(turn, field);
      if (!spec.choices?.(data.answers).includes(code)) return ask(turn, field);
      outcome = spec.fromChoice ? await spec.fromChoice(code, context) : { kind: "value", value: code };
    } else if (input.text) {
      const typedChoice = matchChoice(turn, field, input.text);
      if (typedChoice !== undefined) outcome = spec.fromChoice ? await spec.fromChoice(typedChoice, context) : { kind: "value", value: typedChoice };
      else if (spec.parse) outcome = await spec.parse(input.text, context);
      else outcome = { kind: "invalid", reason: "reg.error.choice" };
    }
    if (!outcome) return ask(turn, field);
    if (outcome.kind === "invalid") return failed(turn, field, outcome.reason, outcome.params);
    if (outcome.kind === "detour") {
      flowState(turn).retries = 0;
      return goTo(turn, outcome.step);
    }
    const previous = data.answers[field];
    data.answers[field] = outcome.value;
    const notices = [outcome.notice, ...(JSON.stringify(previous) !== JSON.stringify(outcome.value) ? forgetInvalidated(field, context) : [])].filter(
      (notice): notice is string => Boolean(notice),
    );
    await saveDraft(turn);
    const replies = await goTo(turn, nextStep(data));
    return notices.length ? [{ text: notices.join("\n") }, ...replies] : replies;
  }

  async function submit(turn: Turn): Promise<Reply[]> {
    const data = formOf(turn);
    const owner = ownerOf(turn);
    let input: RegistrationInput;
    try {
      input = toInput(data);
    } catch {
      return goTo(turn, nextStep(data));
    }
    try {
      if (data.updateOf) {
        const result = await service.update(data.updateOf, input, owner);
        if (result.kind === "updated") return finished(turn, "reg.saved.updated", result.referenceCode);
        if (result.kind === "duplicate" && result.existing.sameOwner) {
          data.pendingCitizenId = data.answers.citizenId as string;
          data.duplicateCode = result.existing.referenceCode;
          return goTo(turn, "duplicate");
        }
        if (result.kind === "duplicate") return askForProof(turn, result.existing.referenceCode, input);
        if (result.kind === "proofNeeded") return askForProof(turn, data.updateOf, input);
        // The registration to update was closed meanwhile: save these answers as a new one.
        delete data.updateOf;
      }
      const result = await service.submit(input, owner);
      if (result.kind === "created") return finished(turn, "reg.saved.created", result.referenceCode);
      if (!result.existing.sameOwner) return askForProof(turn, result.existing.referenceCode, input);
      data.pendingCitizenId = data.answers.citizenId as string;
      data.duplicateCode = result.existing.referenceCode;
      return goTo(turn, "duplicate");
    } catch (error) {
      if (!(error instanceof RegistrationInvalid)) throw error;
      // Field names only: the values are personal data.
      logger.warn({ problems: error.problems.map((p) => p.split(":")[0]) }, "registration refused at save");
      return [{ text: turn.t("reg.error.save") }, ...(await goTo(turn, "summary"))];
    }
  }

  /**
   * The citizen ID belongs to a registration made from another account. Knowing the ID and
   * the phone proves nothing, so nothing changes yet: a one-time code goes to the account that
   * registered (which is told someone asked), or, when it cannot receive one, staff decide.
   */
  async function askForProof(turn: Turn, referenceCode: string, input: RegistrationInput): Promise<Reply[]> {
    const claimant = ownerOf(turn);
    const opened = claims ? await claims.open(referenceCode, input, claimant) : undefined;
    await service.drafts.delete(claimant);
    // The answers now live sealed in the claim only; the form's state is cleared either way.
    const state = flowState(turn);
    state.data = { answers: {} };
    if (!opened) {
      turn.state.flow = null;
      return [turn.menu("reg.claim.notApplicable")];
    }
    const minutes = CLAIM_CODE_MINUTES;
    if (opened.code && contact && (await contact.notify(opened.owner, "reg.claim.ownerCode", { reference: referenceCode, code: opened.code, minutes }))) {
      logger.info(
        { referenceCode, channel: claimant.channel, ownerChannel: opened.owner.channel },
        "registration change asked from another account: code sent",
      );
      state.step = "claimCode";
      state.retries = 0;
      return [{ text: turn.t("reg.claim.codeSent", { minutes }), buttons: [{ label: turn.t("reg.button.stop"), action: `${FLOW_ID}:stop` }] }];
    }
    turn.state.flow = null;
    await claims!.handToStaff(opened.claimId);
    const reason = turn.t(opened.code ? "reg.claim.reason.unreachable" : "reg.claim.reason.tooMany");
    await contact?.askStaff(claimant, { provinceCode: opened.provinceCode, communeKey: opened.communeKey }, "reg.claim.staffNote", {
      reference: referenceCode,
      claim: opened.claimId,
      reason,
    });
    logger.info({ referenceCode, channel: claimant.channel }, "registration change asked from another account: waiting for staff");
    return [turn.menu("reg.claim.toStaff")];
  }

  async function onClaimCode(turn: Turn, text: string | undefined): Promise<Reply[]> {
    const code = text?.replace(/\s/g, "");
    if (!code || !/^\d{6}$/.test(code) || !claims) return ask(turn, "claimCode");
    const result = await claims.enterCode(ownerOf(turn), code);
    if (result.kind === "wrong") return [{ text: turn.t("reg.claim.wrongCode", { left: result.attemptsLeft }) }, ...(await ask(turn, "claimCode"))];
    turn.state.flow = null;
    if (result.kind === "confirmed") {
      logger.info({ referenceCode: result.referenceCode, channel: turn.message.channel }, "registration changed after the owner's code");
      // The registering account is told that its registration moved (never silently).
      await contact?.notify(result.previousOwner, "reg.claim.ownerMoved", { reference: result.referenceCode });
      return finished(turn, "reg.claim.confirmed", result.referenceCode);
    }
    if (result.kind === "failed") logger.warn({ channel: turn.message.channel }, "registration change refused: too many wrong codes");
    const key = result.kind === "failed" ? "reg.claim.failed" : result.kind === "notApplicable" ? "reg.claim.notApplicable" : "reg.claim.expired";
    return [turn.menu(key)];
  }

  async function finished(turn: Turn, textKey: string, referenceCode: string): Promise<Reply[]> {
    await service.drafts.delete(ownerOf(turn));
    logger.info({ referenceCode, channel: turn.message.channel }, textKey === "reg.saved.created" ? "registration saved" : "registration updated");
    turn.state.flow = null;
    return [
      {
        text: turn.t(textKey, { code: referenceCode }),
        buttons: [
          { label: turn.t("reg.button.status"), action: `${RIGHTS_PREFIX}:status` },
          // The subscription offer (announcements' SUBSCRIPTION_OFFER_ACTION): a literal, since
          // registrations must not depend on announcements.
          { label: turn.t("ann.offer.button"), action: "ann:offer" },
          { label: turn.t("menu.back"), action: "menu" },
        ],
      },
    ];
  }

  async function stop(turn: Turn): Promise<Reply[]> {
    turn.state.flow = null;
    return [turn.menu("reg.stopped")];
  }

  // ---------------------------------------------------------------------- the questions

  async function goTo(turn: Turn, step: string): Promise<Reply[]> {
    const state = flowState(turn);
    if (step === "summary") formOf(turn).editing = false;
    state.step = step;
    state.retries = 0;
    return ask(turn, step);
  }

  async function ask(turn: Turn, step: string): Promise<Reply[]> {
    const data = formOf(turn);
    const stop: Button = { label: turn.t("reg.button.stop"), action: `${FLOW_ID}:stop` };
    switch (step) {
      case "resume":
        return [
          {
            text: turn.t("reg.resume.ask", {
              date: formatDateTime(data.pendingResume ?? now().toISOString()),
            }),
            buttons: [button(turn, "reg.button.resume", "resume"), button(turn, "reg.button.restart", "restart"), stop],
          },
        ];
      case "existing":
        return [
          {
            text: turn.t("reg.existing.ask", { code: data.existingCode ?? "" }),
            buttons: [button(turn, "reg.button.update", "update"), button(turn, "reg.button.status", "status"), stop],
          },
        ];
      case "consent":
        return [
          {
            text: turn.t("reg.consent.text", { version: CONSENT_VERSION }),
            buttons: [button(turn, "reg.button.agree", "c:yes"), button(turn, "reg.button.decline", "c:no")],
          },
        ];
      case "ageRefused": {
        const age = checkAge(data.pendingBirthDate ?? "", (data.answers.applicantType as ApplicantType) ?? "worker", now());
        const refusal =
          !age.ok && age.reason === "tooYoung"
            ? turn.t(data.answers.applicantType === "student" ? "reg.age.studentTooYoung" : "reg.age.workerTooYoung", {
                age: age.age,
                minimum: age.minimum,
                date: formatDate(age.eligibleOn),
              })
            : turn.t("reg.error.date.invalid");
        const buttons = [button(turn, "reg.button.retryBirthDate", "age:retry")];
        if (data.answers.applicantType !== "student" && data.pendingBirthDate && checkAge(data.pendingBirthDate, "student", now()).ok) {
          buttons.push(button(turn, "reg.button.switchToStudent", "age:student"));
        }
        return [{ text: refusal, buttons: [...buttons, stop] }];
      }
      case "duplicate": {
        // Only ever the person's own registration: another account's goes through a claim,
        // and nothing here says whether, or since when, an ID is registered elsewhere.
        const existing = data.pendingCitizenId ? await service.findActiveByCitizenId(service.open(data.pendingCitizenId), ownerOf(turn)) : undefined;
        if (!existing?.sameOwner) return goTo(turn, "summary");
        return [
          {
            text: turn.t("reg.duplicate.own", { code: existing.referenceCode, status: turn.t(`reg.choice.status.${existing.status}`) }),
            buttons: [button(turn, "reg.button.updateExisting", "dup:update"), stop],
          },
        ];
      }
      case "claimCode":
        return [{ text: turn.t("reg.claim.codeAsk", { minutes: CLAIM_CODE_MINUTES }), buttons: [stop] }];
      case "summary":
        return [
          {
            text: turn.t(data.updateOf ? "reg.summary.titleUpdate" : "reg.summary.title", { lines: summaryLines(turn) }),
            buttons: [button(turn, "reg.button.confirm", "confirm"), button(turn, "reg.button.edit", "edit"), stop],
          },
        ];
      case "editPick":
        return [
          {
            text: turn.t("reg.edit.ask"),
            buttons: [
              ...FIELD_ORDER.filter((field) => applies(field, data.answers)).map((field) => button(turn, `reg.field.${field}`, `e:${field}`)),
              button(turn, "reg.button.backToSummary", "back"),
            ],
          },
        ];
      default:
        return askField(turn, step as FieldId);
    }
  }

  function askField(turn: Turn, field: FieldId, error?: string): Reply[] {
    const data = formOf(turn);
    const applicable = FIELD_ORDER.filter((f) => applies(f, data.answers));
    const text = [error, turn.t("reg.progress", { step: applicable.indexOf(field) + 1, total: applicable.length }) + " " + turn.t(`reg.ask.${field}`)]
      .filter(Boolean)
      .join("\n\n");
    const buttons = (FIELDS[field].choices?.(data.answers) ?? []).map((code) => ({
      label: turn.t(field === "province" ? "reg.choice.province" : `reg.choice.${field}.${code}`, {
        name: localities.byCode(code)?.shortName ?? code,
      }),
      action: `${FLOW_ID}:v:${field}:${code}`,
    }));
    return [{ text, ...(buttons.length ? { buttons } : {}) }];
  }

  async function failed(turn: Turn, step: string, reason: string, params?: Record<string, string | number>): Promise<Reply[]> {
    const state = flowState(turn);
    state.retries = (state.retries ?? 0) + 1;
    const error = `${turn.t(reason, params)}\n${turn.t("reg.example.intro")} ${turn.t(`reg.example.${step}`)}`;
    const replies = (FIELD_ORDER as readonly string[]).includes(step)
      ? askField(turn, step as FieldId, error)
      : [{ ...(await ask(turn, step))[0]!, text: `${error}\n\n${(await ask(turn, step))[0]!.text}` }];
    if (state.retries >= MAX_RETRIES_BEFORE_HELP) {
      replies.push({
        text: turn.t("reg.staffHelp"),
        buttons: [{ label: turn.t("reg.button.stop"), action: `${FLOW_ID}:stop` }],
      });
    }
    return replies;
  }

  // ------------------------------------------------------------------------- helpers

  function nextStep(data: FormData): string {
    if (!data.consentAt) return "consent";
    if (data.editing && nextField(data.answers) === undefined) return "summary";
    return nextField(data.answers) ?? "summary";
  }

  function summaryLines(turn: Turn): string {
    const data = formOf(turn);
    return FIELD_ORDER.filter((field) => applies(field, data.answers) && data.answers[field] !== undefined)
      .map((field) => `• ${turn.t(`reg.field.${field}`)}: ${FIELDS[field].show(data.answers[field], { turn, service, localities })}`)
      .join("\n");
  }

  function toInput(data: FormData): RegistrationInput {
    const a = data.answers;
    if (nextField(a) !== undefined || !data.consentAt) throw new Error("incomplete");
    const commune = a.commune as { name: string; key: string };
    const type = a.applicantType as ApplicantType;
    return {
      applicantType: type,
      fullName: String(a.fullName),
      birthDate: String(a.birthDate),
      gender: a.gender as "male" | "female",
      citizenId: service.open(String(a.citizenId)),
      phone: service.open(String(a.phone)),
      provinceCode: String(a.province),
      communeName: commune.name,
      communeKey: commune.key,
      education: a.education as RegistrationInput["education"],
      occupation: a.occupation === undefined ? null : String(a.occupation),
      languages: a.languages === undefined ? null : String(a.languages),
      desiredCountry: String(a.country),
      programme: type === "student" ? "work_study" : (a.programme as RegistrationInput["programme"]),
      expectedDeparture: String(a.departure),
      loanNeeded: a.loanNeeded === true,
      loanAmountVnd: a.loanNeeded === true && a.loanAmount !== null && a.loanAmount !== undefined ? Number(a.loanAmount) : null,
      priorityGroup: a.priorityGroup as RegistrationInput["priorityGroup"],
      referralSource: a.referral as RegistrationInput["referralSource"],
      consentAt: new Date(data.consentAt),
      consentVersion: CONSENT_VERSION,
    };
  }

  /** Only after consent is anything kept, and only the form's own fields. */
  async function saveDraft(turn: Turn): Promise<void> {
    const data = formOf(turn);
    if (!data.consentAt) return;
    const { consentAt, answers, updateOf } = data;
    await service.drafts.save(ownerOf(turn), { consentAt, answers, ...(updateOf ? { updateOf } : {}) });
  }

  function matchChoice(turn: Turn, field: FieldId, text: string): string | undefined {
    const choices = FIELDS[field].choices?.(formOf(turn).answers) ?? [];
    const typed = fold(cleanText(text));
    if (!typed) return undefined;
    if (field === "loanNeeded") return YES.has(typed) ? "yes" : NO.has(typed) ? "no" : undefined;
    return choices.find((code) => {
      const label = field === "province" ? (localities.byCode(code)?.shortName ?? code) : turn.t(`reg.choice.${field}.${code}`);
      return fold(label) === typed || fold(code.replace(/_/g, " ")) === typed;
    });
  }

  function fieldContext(turn: Turn): FieldContext {
    return { turn, data: formOf(turn), service, localities, now: now() };
  }

  function formatDateTime(iso: string): string {
    const local = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
    return `${local.slice(11, 16)} ${formatDate(local.slice(0, 10))}`;
  }

  // ------------------------------------------------------------------ the person's rights

  async function statusReplies(turn: Turn): Promise<Reply[]> {
    const registrations = await service.listMine(ownerOf(turn));
    if (registrations.length === 0) {
      const draft = await service.drafts.load(ownerOf(turn));
      return [
        {
          text: turn.t(draft ? "reg.status.noneWithDraft" : "reg.status.none"),
          buttons: [
            { label: turn.t("reg.menu"), action: `flow:${FLOW_ID}` },
            { label: turn.t("menu.back"), action: "menu" },
          ],
        },
      ];
    }
    const outcomes = await Promise.all(
      registrations.map((registration) => options.outcomeLines?.(registration.referenceCode, turn.state.locale) ?? Promise.resolve([])),
    );
    return [
      ...registrations.map((registration, index) => ({
        text: [statusText(turn, registration), ...outcomes[index]!.map((line) => `• ${line}`)].join("\n"),
        ...(registration.active ? { buttons: [{ label: turn.t("reg.button.withdraw"), action: `${RIGHTS_PREFIX}:wd:${registration.referenceCode}` }] } : {}),
      })),
      {
        text: turn.t("reg.status.rights"),
        buttons: [
          { label: turn.t("reg.button.erase"), action: `${RIGHTS_PREFIX}:erase` },
          { label: turn.t("menu.back"), action: "menu" },
        ],
      },
    ];
  }

  function statusText(turn: Turn, registration: RegistrationView): string {
    const province = localities.byCode(registration.provinceCode)?.name ?? registration.provinceCode;
    return turn.t("reg.status.item", {
      code: registration.referenceCode,
      status: turn.t(`reg.choice.status.${registration.status}`),
      date: formatDate(vietnamToday(registration.createdAt)),
      name: registration.fullName,
      citizenId: registration.maskedCitizenId,
      phone: registration.maskedPhone,
      place: [registration.communeName, province].filter(Boolean).join(", "),
      country: (COUNTRIES as readonly string[]).includes(registration.desiredCountry)
        ? turn.t(`reg.choice.country.${registration.desiredCountry}`)
        : registration.desiredCountry,
      programme: turn.t(`reg.choice.programme.${registration.programme}`),
    });
  }

  const rights = {
    async status(turn: Turn) {
      return statusReplies(turn);
    },
    async askWithdraw(turn: Turn, code: string) {
      return [
        {
          text: turn.t("reg.withdraw.confirm", { code }),
          buttons: [
            { label: turn.t("reg.button.withdrawYes"), action: `${RIGHTS_PREFIX}:wdy:${code}` },
            { label: turn.t("reg.button.keep"), action: "menu" },
          ],
        },
      ];
    },
    async withdraw(turn: Turn, code: string) {
      const done = await service.withdraw(code, ownerOf(turn));
      if (done) logger.info({ referenceCode: code, channel: turn.message.channel }, "registration withdrawn by the person");
      return [turn.menu(done ? "reg.withdraw.done" : "reg.withdraw.notPossible")];
    },
    async askErase(turn: Turn) {
      return [
        {
          text: turn.t("reg.erase.confirm"),
          buttons: [
            { label: turn.t("reg.button.eraseYes"), action: `${RIGHTS_PREFIX}:erase-yes` },
            { label: turn.t("reg.button.keep"), action: "menu" },
          ],
        },
      ];
    },
    async erase(turn: Turn) {
      const count = await service.erasePersonalData(ownerOf(turn));
      // The conversation keeps only its language: the flow (with sealed answers), the last
      // questions, the topic and the province go with the rest.
      turn.state.flow = null;
      turn.state.recent = [];
      turn.state.topic = null;
      turn.state.province = null;
      await afterErase?.(ownerOf(turn));
      logger.info({ channel: turn.message.channel, registrations: count }, "personal data erased at the person's request");
      return [turn.menu(count > 0 ? "reg.erase.done" : "reg.erase.nothing")];
    },
  };

  return {
    menu: [{ action: `flow:${FLOW_ID}`, labelKey: "reg.menu" }],
    commands: {
      dangky: (turn) => turn.startFlow(FLOW_ID),
      trangthai: (turn) => rights.status(turn),
      xoadulieu: (turn) => rights.askErase(turn),
    },
    actions: {
      [RIGHTS_PREFIX]: async (turn, argument) => {
        const [what = "", code = ""] = argument.split(":");
        switch (what) {
          case "status":
            return rights.status(turn);
          case "wd":
            return rights.askWithdraw(turn, code);
          case "wdy":
            return rights.withdraw(turn, code);
          case "erase":
            return rights.askErase(turn);
          case "erase-yes":
            return rights.erase(turn);
          default:
            return [turn.menu()];
        }
      },
    },
    flows: [flow],
    // Someone who comes back days later (or after a restart) and types /start is offered their draft.
    greeting: async (turn) => ((await service.drafts.load(ownerOf(turn))) ? turn.startFlow(FLOW_ID) : []),
  };
}

// The flow's working data: the form plus what the current step needs to show itself.
type FlowData = FormData & { existingCode?: string; pendingResume?: string };

function flowState(turn: Turn) {
  return turn.state.flow!;
}

function formOf(turn: Turn): FlowData {
  const data = turn.state.flow!.data as unknown as FlowData;
  data.answers ??= {};
  return data;
}

function button(turn: Turn, labelKey: string, value: string): Button {
  return { label: turn.t(labelKey), action: `${FLOW_ID}:${value}` };
}

function yesNo(text: string | undefined, yes: string, no: string | undefined): string | undefined {
  if (!text) return undefined;
  const folded = fold(text);
  if (YES.has(folded)) return yes;
  if (NO.has(folded)) return no;
  return undefined;
}
