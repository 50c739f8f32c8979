import { z } from "zod";
import { LOAN_FLOW_ID, startFlowAction, tupleActionCodec, type Feature, type Reply, type Texts, type Turn } from "../../core/index.js";
import { assessLoan, rateFor, sourcesOf, type LoanCase, type ProgrammeAssessment } from "../../../loans/index.js";
import { MAX_DURATION_MONTHS, MAX_AMOUNT_VND } from "../../../loans/index.js";
import { repaymentPlan, type RepaymentMethod } from "../../../loans/index.js";
import { applicantKinds, LoanRulesInvalid, provinces, textKeysOfRules, type LoanRules } from "../../../loans/index.js";
import { duration, money, toReplySources } from "./format.js";
import { loanCheckFlow, type CompleteAnswers } from "./loan-flow.js";
import { PLAN_ACTION, parsePlanAction, planReply, resultReplies, shortResultReply } from "./result.js";

/** "Xem chi tiết" under the short result: the case rides in the button, so it works after the flow ended. */
export const DETAILS_ACTION = "loanmore";

export { LOAN_FLOW_ID } from "../../core/index.js";

/**
 * The guided loan check: menu entry, `/vay`, and the `loanplan:` buttons of its result.
 * Free text such as "tính thử khoản vay" reaches it through `isLoanCheckRequest`, which the
 * knowledge answerer calls before searching.
 */
export function createLoanCheckFeature(options: { rules: LoanRules; texts: Pick<Texts, "has">; now?: () => Date }): Feature {
  const { rules } = options;
  // A missing sentence is found at start-up, not by a family halfway through their check.
  const missing = textKeysOfRules(rules).filter((key) => !options.texts.has(key));
  if (missing.length) throw new LoanRulesInvalid(`content/locales: missing texts for the loan rules: ${missing.join(", ")}`);
  const now = options.now ?? (() => new Date());
  const start = (turn: Turn) => turn.startFlow(LOAN_FLOW_ID);
  return {
    menu: [{ action: startFlowAction(LOAN_FLOW_ID), labelKey: "loan.menu" }],
    commands: { vay: start, loan: start },
    actions: {
      [PLAN_ACTION]: async (turn, argument) => [planFromButton(turn, rules, argument)],
      [DETAILS_ACTION]: async (turn, argument) => detailsFromButton(turn, rules, argument, now()),
    },
    flows: [loanCheckFlow(rules, (turn, answers) => finish(turn, rules, answers, now()))],
  };
}

function finish(turn: Turn, rules: LoanRules, answers: CompleteAnswers, today: Date): Reply[] {
  const loanCase: LoanCase = {
    applicant: answers.applicant,
    province: answers.province,
    group: answers.group,
    costVnd: answers.costVnd,
    stateSupportVnd: answers.supportVnd,
    contractMonths: answers.months,
  };
  const summary: Reply = {
    text: turn.t("loan.result.summary", {
      applicant: turn.t(`loan.applicant.${answers.applicant}`),
      destination: answers.destinationName ?? turn.t(`loan.destination.${answers.destination ?? "korea"}`),
      cost: money(turn, answers.costVnd),
      support: money(turn, answers.supportVnd),
      months: duration(turn, answers.months),
      group: turn.t(`loan.group.${answers.group}`),
      province: turn.t(`loan.province.${answers.province}`),
    }),
  };
  const again = [
    { label: turn.t("loan.button.again"), action: startFlowAction(LOAN_FLOW_ID) },
    { label: turn.t("menu.back"), action: "menu" },
  ];
  // Support that covers the whole cost leaves nothing to lend: said plainly, not "0 đ" and "cannot compute".
  if (answers.supportVnd >= answers.costVnd) {
    const ask = turn.t(`loan.programme.${rules.programmes[0]!.id}.ask`);
    const text = turn.t("loan.result.nothingToBorrow", { support: money(turn, answers.supportVnd), cost: money(turn, answers.costVnd), ask });
    return [summary, { text, buttons: again }];
  }
  // On a phone the whole answer is ~6 bubbles: the short result first, the rest on request.
  const assessment = assessLoan(rules, loanCase, today);
  const short = shortResultReply(turn, assessment, illustratedPayment);
  const details = { label: turn.t("loan.button.details"), action: encodeCase(rules, loanCase) };
  return [summary, { ...short, buttons: [details, ...again] }];
}

/** The first month's payment of the illustrative plan, or undefined when it cannot be computed. */
function illustratedPayment(programme: ProgrammeAssessment): number | undefined {
  if (!canIllustrate(programme) || !programme.rate.known || !programme.maxLoan.known || !programme.term.known) return undefined;
  const plan = repaymentPlan({
    principal: programme.maxLoan.vnd,
    months: programme.term.maxMonths,
    annualRatePercent: programme.rate.annualPercent,
    method: "equal-principal",
  });
  return plan.instalments[0]?.payment;
}

/** Everything after the short result: eligibility, programme blocks, plan, documents, other help. */
function detailReplies(turn: Turn, rules: LoanRules, loanCase: LoanCase, today: Date): Reply[] {
  const assessment = assessLoan(rules, loanCase, today);
  const planned = assessment.programmes.find(canIllustrate);
  const plan = planned ? illustrativePlan(turn, rules, planned, loanCase.group, "equal-principal", false) : undefined;
  const replies = resultReplies(turn, rules, assessment, plan ? { reply: plan } : undefined);
  const noPlan: Reply[] = !plan && assessment.programmes.length ? [{ text: turn.t("loan.plan.unavailable") }] : [];
  // The plan (or why there is none) right after the programme blocks.
  const blocks = 1 + assessment.programmes.length;
  return onceEachSource([...replies.slice(0, blocks), ...noPlan, ...replies.slice(blocks)]);
}

/** A document cited by several bubbles is listed under the first one only. */
function onceEachSource(replies: Reply[]): Reply[] {
  const seen = new Set<string>();
  return replies.map((reply) => {
    if (!reply.sources) return reply;
    const sources = reply.sources.filter((source) => {
      const key = `${source.document}|${source.article ?? ""}|${source.url ?? ""}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ...reply, sources };
  });
}

// Telegram allows 64 bytes of button data: the case is written as indexes and whole numbers.
const index = z
  .string()
  .regex(/^\d{1,2}$/)
  .transform(Number);
const wholeNumber = (digits: number) =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${digits}}$`))
    .transform(Number);
const detailsActions = tupleActionCodec(
  DETAILS_ACTION,
  { applicant: index, province: index, group: index, costVnd: wholeNumber(11), stateSupportVnd: wholeNumber(11), contractMonths: wholeNumber(3) },
  { separator: "." },
);

function encodeCase(rules: LoanRules, loanCase: LoanCase): string {
  return detailsActions.pack({
    applicant: String(applicantKinds.indexOf(loanCase.applicant)),
    province: String(provinces.indexOf(loanCase.province)),
    group: String(rules.groups.indexOf(loanCase.group)),
    costVnd: String(loanCase.costVnd),
    stateSupportVnd: String(loanCase.stateSupportVnd),
    contractMonths: String(loanCase.contractMonths),
  });
}

function decodeCase(rules: LoanRules, argument: string): LoanCase | undefined {
  const parts = detailsActions.unpack(argument);
  if (!parts) return undefined;
  const applicant = applicantKinds[parts.applicant];
  const province = provinces[parts.province];
  const group = rules.groups[parts.group];
  const { costVnd, stateSupportVnd, contractMonths } = parts;
  if (!applicant || !province || !group) return undefined;
  if (costVnd < 1 || costVnd > MAX_AMOUNT_VND || stateSupportVnd >= costVnd || contractMonths < 1 || contractMonths > MAX_DURATION_MONTHS) return undefined;
  return { applicant, province, group, costVnd, stateSupportVnd, contractMonths };
}

function detailsFromButton(turn: Turn, rules: LoanRules, argument: string, today: Date): Reply[] {
  const loanCase = decodeCase(rules, argument);
  if (!loanCase) return [{ text: turn.t("loan.plan.expired"), buttons: [{ label: turn.t("loan.button.again"), action: startFlowAction(LOAN_FLOW_ID) }] }];
  return detailReplies(turn, rules, loanCase, today);
}

function canIllustrate(programme: ProgrammeAssessment): boolean {
  return programme.rate.known && programme.maxLoan.known && programme.maxLoan.vnd > 0 && programme.term.known;
}

function illustrativePlan(
  turn: Turn,
  rules: LoanRules,
  programme: ProgrammeAssessment,
  group: string,
  method: RepaymentMethod,
  full: boolean,
): Reply | undefined {
  if (!programme.rate.known || !programme.maxLoan.known || !programme.term.known) return undefined;
  const plan = repaymentPlan({ principal: programme.maxLoan.vnd, months: programme.term.maxMonths, annualRatePercent: programme.rate.annualPercent, method });
  const sources = toReplySources(sourcesOf(rules, [...programme.rate.sources, ...programme.rate.valueSources]));
  return planReply(turn, plan, { programmeId: programme.programmeId, principal: plan.principal, months: plan.months, group }, full, sources);
}

/** A "full table" or "equal instalments" button, possibly pressed long after the check. */
function planFromButton(turn: Turn, rules: LoanRules, argument: string): Reply {
  const request = parsePlanAction(argument);
  const programme = request && rules.programmes.find((candidate) => candidate.id === request.programmeId);
  const rate = request && programme && rules.groups.includes(request.group) ? rateFor(rules, programme, request.group) : undefined;
  if (!request || !rate?.known || request.principal < 1 || request.principal > MAX_AMOUNT_VND || request.months < 1 || request.months > MAX_DURATION_MONTHS) {
    return { text: turn.t("loan.plan.expired"), buttons: [{ label: turn.t("loan.button.again"), action: startFlowAction(LOAN_FLOW_ID) }] };
  }
  const plan = repaymentPlan({ principal: request.principal, months: request.months, annualRatePercent: rate.annualPercent, method: request.method });
  const sources = toReplySources(sourcesOf(rules, [...rate.sources, ...rate.valueSources]));
  return planReply(turn, plan, request, request.full, sources);
}
