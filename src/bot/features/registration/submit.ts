import { done, next, stay, type FlowResult, type Reply } from "../../core/index.js";
import { CLAIM_CODE_MINUTES, RegistrationInvalid, type RegistrationInput } from "../../../registrations/index.js";
import { SUBSCRIPTION_OFFER_ACTION } from "../../core/index.js";
import { rightsActions } from "./actions.js";
import { nextField, ownerOf, type FormData } from "./form.js";
import type { Prompts } from "./prompts.js";
import { stopButton } from "./prompts.js";
import { CONSENT_VERSION, type RegistrationDeps, type RegistrationStep, type RegistrationTurn } from "./registration-data.js";

type Result = FlowResult<RegistrationStep>;
export type Submission = ReturnType<typeof createSubmission>;

/**
 * Saving the form: a new registration, an update of the person's own, or — when the citizen ID
 * belongs to another account's registration — a claim that waits for proof. Also the draft
 * kept while the form is filled in.
 */
export function createSubmission(deps: RegistrationDeps, prompts: Prompts) {
  const { service, logger, claims, contact } = deps;

  async function submit(turn: RegistrationTurn): Promise<Result> {
    const data = turn.flow.data;
    const owner = ownerOf(turn);
    const input = toInput(data);
    if (!input) return prompts.goTo(turn, nextStep(data));
    try {
      if (data.updateOf) {
        const result = await service.update(data.updateOf, input, owner);
        if (result.kind === "updated") return finished(turn, "reg.saved.updated", result.referenceCode);
        if (result.kind === "duplicate" && result.existing.sameOwner) return askAboutOwnDuplicate(turn, result.existing.referenceCode);
        if (result.kind === "duplicate") return askForProof(turn, result.existing.referenceCode, input);
        if (result.kind === "proofNeeded") return askForProof(turn, data.updateOf, input);
        // The registration to update was closed meanwhile: save these answers as a new one.
        delete data.updateOf;
      }
      const result = await service.submit(input, owner);
      if (result.kind === "created") return finished(turn, "reg.saved.created", result.referenceCode);
      if (!result.existing.sameOwner) return askForProof(turn, result.existing.referenceCode, input);
      return askAboutOwnDuplicate(turn, result.existing.referenceCode);
    } catch (error) {
      if (!(error instanceof RegistrationInvalid)) throw error;
      // Field names only: the values are personal data.
      logger.warn({ problems: error.problems.map((p) => p.split(":")[0]) }, "registration refused at save");
      return prompts.goTo(turn, "summary", [{ text: turn.t("reg.error.save") }]);
    }
  }

  function askAboutOwnDuplicate(turn: RegistrationTurn, referenceCode: string): Result {
    const data = turn.flow.data;
    data.pendingCitizenId = data.answers.citizenId;
    data.duplicateCode = referenceCode;
    return next("duplicate");
  }

  /**
   * The citizen ID belongs to a registration made from another account. Knowing the ID and
   * the phone proves nothing, so nothing changes yet: a one-time code goes to the account that
   * registered (which is told someone asked), or, when it cannot receive one, staff decide.
   */
  async function askForProof(turn: RegistrationTurn, referenceCode: string, input: RegistrationInput): Promise<Result> {
    const claimant = ownerOf(turn);
    const opened = claims ? await claims.open(referenceCode, input, claimant) : undefined;
    await service.drafts.delete(claimant);
    // The answers now live sealed in the claim only; the form's state is cleared either way.
    turn.flow.data = { answers: {} };
    if (!opened || !claims) return done([turn.menu("reg.claim.notApplicable")]);
    const minutes = CLAIM_CODE_MINUTES;
    if (opened.code && contact && (await contact.notify(opened.owner, "reg.claim.ownerCode", { reference: referenceCode, code: opened.code, minutes }))) {
      logger.info(
        { referenceCode, channel: claimant.channel, ownerChannel: opened.owner.channel },
        "registration change asked from another account: code sent",
      );
      return stay([{ text: turn.t("reg.claim.codeSent", { minutes }), buttons: [stopButton(turn)] }], "claimCode");
    }
    await claims.handToStaff(opened.claimId);
    const reason = turn.t(opened.code ? "reg.claim.reason.unreachable" : "reg.claim.reason.tooMany");
    await contact?.askStaff(claimant, { provinceCode: opened.provinceCode, communeKey: opened.communeKey }, "reg.claim.staffNote", {
      reference: referenceCode,
      claim: opened.claimId,
      reason,
    });
    logger.info({ referenceCode, channel: claimant.channel }, "registration change asked from another account: waiting for staff");
    return done([turn.menu("reg.claim.toStaff")]);
  }

  async function enterClaimCode(turn: RegistrationTurn, text: string | undefined): Promise<Result> {
    const code = text?.replace(/\s/g, "");
    if (!code || !/^\d{6}$/.test(code) || !claims) return next("claimCode");
    const result = await claims.enterCode(ownerOf(turn), code);
    if (result.kind === "wrong") return next("claimCode", [{ text: turn.t("reg.claim.wrongCode", { left: result.attemptsLeft }) }]);
    if (result.kind === "confirmed") {
      logger.info({ referenceCode: result.referenceCode, channel: turn.message.channel }, "registration changed after the owner's code");
      // The registering account is told that its registration moved (never silently).
      await contact?.notify(result.previousOwner, "reg.claim.ownerMoved", { reference: result.referenceCode });
      return finished(turn, "reg.claim.confirmed", result.referenceCode);
    }
    if (result.kind === "failed") logger.warn({ channel: turn.message.channel }, "registration change refused: too many wrong codes");
    const key = result.kind === "failed" ? "reg.claim.failed" : result.kind === "notApplicable" ? "reg.claim.notApplicable" : "reg.claim.expired";
    return done([turn.menu(key)]);
  }

  async function finished(turn: RegistrationTurn, textKey: string, referenceCode: string): Promise<Result> {
    await service.drafts.delete(ownerOf(turn));
    logger.info({ referenceCode, channel: turn.message.channel }, textKey === "reg.saved.created" ? "registration saved" : "registration updated");
    const replies: Reply[] = [
      {
        text: turn.t(textKey, { code: referenceCode }),
        buttons: [
          { label: turn.t("reg.button.status"), action: rightsActions.pack("status") },
          { label: turn.t("ann.offer.button"), action: SUBSCRIPTION_OFFER_ACTION },
          { label: turn.t("menu.back"), action: "menu" },
        ],
      },
    ];
    return done(replies);
  }

  /** The form as the registrations module takes it; undefined until every question is answered after consent. */
  function toInput(data: FormData): RegistrationInput | undefined {
    const a = data.answers;
    if (nextField(a) !== undefined || !data.consentAt) return undefined;
    const { applicantType, fullName, birthDate, gender, citizenId, phone, province, commune, education, country, departure, priorityGroup, referral } = a;
    if (!applicantType || !fullName || !birthDate || !gender || !citizenId || !phone || !province || !commune || !education || !country) return undefined;
    if (!departure || !priorityGroup || !referral) return undefined;
    const programme = applicantType === "student" ? "work_study" : a.programme;
    if (!programme) return undefined;
    return {
      applicantType,
      fullName,
      birthDate,
      gender,
      citizenId: service.open(citizenId),
      phone: service.open(phone),
      provinceCode: province,
      communeName: commune.name,
      communeKey: commune.key,
      education,
      occupation: a.occupation ?? null,
      languages: a.languages ?? null,
      desiredCountry: country,
      programme,
      expectedDeparture: departure,
      loanNeeded: a.loanNeeded === true,
      loanAmountVnd: a.loanNeeded === true && a.loanAmount !== null && a.loanAmount !== undefined ? a.loanAmount : null,
      priorityGroup,
      referralSource: referral,
      consentAt: new Date(data.consentAt),
      consentVersion: CONSENT_VERSION,
    };
  }

  /** Only after consent is anything kept, and only the form's own fields. */
  async function saveDraft(turn: RegistrationTurn): Promise<void> {
    const { consentAt, answers, updateOf } = turn.flow.data;
    if (!consentAt) return;
    await service.drafts.save(ownerOf(turn), { consentAt, answers, ...(updateOf ? { updateOf } : {}) });
  }

  return { submit, enterClaimCode, saveDraft };
}

/** Where the form goes next: consent first, then the first unanswered question, then the summary. */
export function nextStep(data: FormData): RegistrationStep {
  if (!data.consentAt) return "consent";
  return nextField(data.answers) ?? "summary";
}
