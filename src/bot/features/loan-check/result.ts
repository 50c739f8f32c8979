import { z } from "zod";
import { actionCodec, LOAN_FLOW_ID, showEntryAction, startFlowAction, type Button, type Reply, type Turn } from "../../core/index.js";
import { sourceIdsOfProgramme, sourcesOf, type LoanAssessment, type ProgrammeAssessment } from "../../../loans/index.js";
import type { RepaymentMethod, RepaymentPlan } from "../../../loans/index.js";
import type { LoanRules } from "../../../loans/index.js";
import { duration, money, partialDate, percent, toReplySources } from "./format.js";

/** The plan button encodes the case so that it works after the flow ended, even days later. */
export const PLAN_ACTION = "loanplan";

export interface PlanRequest {
  method: RepaymentMethod;
  full: boolean;
  programmeId: string;
  principal: number;
  months: number;
  group: string;
}

const slug = z.string().regex(/^[a-z0-9-]+$/);
const wholeNumber = (digits: number) =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${digits}}$`))
    .transform(Number);
const planParts = { programmeId: slug, principal: wholeNumber(11), months: wholeNumber(3), group: slug };
/** `loanplan:<a|e><s|f>:<programme>:<principal>:<months>:<group>`: the method and the table size make the kind. */
const planActions = actionCodec(PLAN_ACTION, { es: planParts, ef: planParts, as: planParts, af: planParts });

export function planAction(request: PlanRequest): string {
  const kind = `${request.method === "annuity" ? "a" : "e"}${request.full ? "f" : "s"}` as const;
  return planActions.pack(kind, {
    programmeId: request.programmeId,
    principal: String(request.principal),
    months: String(request.months),
    group: request.group,
  });
}

export function parsePlanAction(argument: string): PlanRequest | undefined {
  const action = planActions.unpack(argument);
  if (!action) return undefined;
  const { kind, programmeId, principal, months, group } = action;
  return { method: kind.startsWith("a") ? "annuity" : "equal-principal", full: kind.endsWith("f"), programmeId, principal, months, group };
}

/** The whole answer to a finished loan check, one reply per topic so each carries its sources. */
export function resultReplies(turn: Turn, rules: LoanRules, assessment: LoanAssessment, plan: { reply: Reply } | undefined): Reply[] {
  const replies: Reply[] = [overviewReply(turn, rules, assessment)];
  for (const programme of assessment.programmes) replies.push(programmeReply(turn, rules, programme));
  if (plan) replies.push(plan.reply);
  for (const programme of assessment.programmes) replies.push(documentsReply(turn, rules, programme));
  replies.push(closingReply(turn, rules, assessment));
  return replies;
}

/**
 * The answer in one bubble: the programme that fits best, how much, the rate and the first
 * monthly payment of the illustration. `payment` computes that payment when it can.
 */
export function shortResultReply(turn: Turn, assessment: LoanAssessment, payment: (programme: ProgrammeAssessment) => number | undefined): Reply {
  const best = assessment.programmes[0];
  if (!best) return { text: [turn.t("loan.result.none"), turn.t(`loan.result.none.${assessment.loanCase.applicant}`), turn.t("loan.short.more")].join("\n") };
  const unknown = turn.t("loan.short.unknown");
  const monthly = payment(best);
  const lines = [
    turn.t(`loan.eligibility.${best.eligibility}`, { name: turn.t(`loan.programme.${best.programmeId}.name`) }),
    turn.t("loan.short.amount", { amount: best.maxLoan.known ? money(turn, best.maxLoan.vnd) : unknown }),
    turn.t("loan.short.rate", { rate: best.rate.known ? `${percent(turn, best.rate.annualPercent)}%` : unknown }),
    turn.t("loan.short.payment", { payment: monthly === undefined ? unknown : money(turn, monthly) }),
  ];
  if (assessment.programmes.length > 1) lines.push(turn.t("loan.short.others", { count: assessment.programmes.length - 1 }));
  lines.push(turn.t("loan.short.more"));
  return { text: lines.join("\n") };
}

function overviewReply(turn: Turn, rules: LoanRules, assessment: LoanAssessment): Reply {
  const { programmes } = assessment;
  const lines = [turn.t(programmes.length ? "loan.result.applies" : "loan.result.none")];
  for (const programme of programmes) {
    const name = turn.t(`loan.programme.${programme.programmeId}.name`);
    lines.push(turn.t(`loan.eligibility.${programme.eligibility}`, { name }));
    const { groups } = rules.programmes.find((candidate) => candidate.id === programme.programmeId)!.eligibility;
    const surelyFor = groups === "all" ? "" : groups.map((group) => turn.t(`loan.group.${group}`)).join(", ");
    for (const reason of programme.reasons) {
      lines.push(turn.t(`loan.reason.${reason}`, { ask: turn.t(`loan.programme.${programme.programmeId}.ask`), groups: surelyFor }));
    }
  }
  if (!programmes.length) lines.push(turn.t(`loan.result.none.${assessment.loanCase.applicant}`));
  return {
    text: lines.join("\n"),
    sources: toReplySources(
      sourcesOf(
        rules,
        programmes.flatMap((p) => p.eligibilitySources),
      ),
    ),
  };
}

function programmeReply(turn: Turn, rules: LoanRules, assessment: ProgrammeAssessment): Reply {
  const id = assessment.programmeId;
  const ask = turn.t(`loan.programme.${id}.ask`);
  const unconfirmed = (status: string) => (status === "confirmed" ? "" : turn.t("loan.notConfirmed"));
  const { maxLoan, collateral, rate, overdue, term } = assessment;
  const lines = [turn.t("loan.block.title", { name: turn.t(`loan.programme.${id}.name`) }), turn.t(`loan.programme.${id}.condition`)];
  // What is not confirmed is named together with whom to ask, once: not five lines saying the same.
  const unknown: string[] = [];
  const notKnown = (item: string) => unknown.push(turn.t(`loan.item.${item}`));

  if (!maxLoan.known) notKnown("maxLoan");
  else if (maxLoan.rule === "share-of-net-cost") {
    lines.push(
      turn.t("loan.block.maxLoan.share", { percent: maxLoan.percentOfNetCost, net: money(turn, maxLoan.netCostVnd), amount: money(turn, maxLoan.vnd) }) +
        unconfirmed(maxLoan.status),
    );
  } else {
    const key = maxLoan.upToCap ? "loan.block.maxLoan.depositCap" : "loan.block.maxLoan.deposit";
    lines.push(turn.t(key, { cap: money(turn, maxLoan.capVnd), amount: money(turn, maxLoan.vnd) }) + unconfirmed(maxLoan.status));
  }

  if (!collateral.known) notKnown("collateral");
  else {
    const key = collateral.required ? "loan.block.collateral.required" : "loan.block.collateral.notRequired";
    lines.push(turn.t(key, { threshold: money(turn, collateral.thresholdVnd) }) + unconfirmed(collateral.status));
  }

  if (!rate.known) notKnown("rate");
  else {
    lines.push(turn.t(`loan.block.rate.${rate.basis}`, { share: rate.sharePercent, rate: percent(turn, rate.annualPercent) }) + unconfirmed(rate.status));
    if (rate.groupStatus !== "confirmed") lines.push(turn.t(`loan.block.rate.group.${rate.basis}`));
    const others = rate.otherReports
      .map((report) => turn.t("loan.block.rate.otherReport", { rate: percent(turn, report.annualPercent), from: partialDate(report.from) }))
      .join("");
    const valueKey = rate.valueStatus === "confirmed" ? "loan.block.rate.value" : "loan.block.rate.valueUnconfirmed";
    lines.push(turn.t(valueKey, { base: percent(turn, rate.poorHouseholdPercent), asOf: partialDate(rate.valueAsOf), others }));
  }

  if (!overdue.known) notKnown("overdue");
  else if (overdue.annualPercent === undefined) lines.push(turn.t("loan.block.overdue.rule", { percent: overdue.percentOfRate }) + unconfirmed(overdue.status));
  else lines.push(turn.t("loan.block.overdue", { percent: overdue.percentOfRate, rate: percent(turn, overdue.annualPercent) }) + unconfirmed(overdue.status));

  if (!term.known) notKnown("term");
  else if (term.withinContract) lines.push(turn.t("loan.block.term.contract", { months: duration(turn, term.maxMonths) }) + unconfirmed(term.status));
  else lines.push(turn.t("loan.block.term.cap", { months: duration(turn, term.maxMonths) }) + unconfirmed(term.status));
  if (unknown.length) {
    const items = unknown.map((item, index) => (index ? item.toLocaleLowerCase(turn.state.locale) : item)).join(", ");
    lines.push(turn.t("loan.block.unknown", { items, ask }));
  }

  return { text: lines.join("\n"), sources: toReplySources(sourcesOf(rules, sourceIdsOfProgramme(assessment))) };
}

/** The illustrative plan; the table is cut to the first three months and the last in chat. */
export function planReply(turn: Turn, plan: RepaymentPlan, request: Omit<PlanRequest, "method" | "full">, full: boolean, sources: Reply["sources"]): Reply {
  const rows = plan.instalments;
  const shown = full || rows.length <= 5 ? rows : [...rows.slice(0, 3), undefined, rows[rows.length - 1]!];
  const lines = [
    turn.t(`loan.plan.title.${plan.method}`),
    turn.t("loan.plan.assumptions", { amount: money(turn, plan.principal), months: duration(turn, plan.months), rate: percent(turn, plan.annualRatePercent) }),
    turn.t(`loan.plan.method.${plan.method}`),
    turn.t("loan.plan.rounding"),
    "",
    ...shown.map((row) =>
      row
        ? turn.t("loan.plan.row", {
            month: row.month,
            principal: money(turn, row.principal),
            interest: money(turn, row.interest),
            payment: money(turn, row.payment),
            balance: money(turn, row.balance),
          })
        : turn.t("loan.plan.skipped"),
    ),
    "",
    turn.t("loan.plan.totals", { interest: money(turn, plan.totalInterest), paid: money(turn, plan.totalPaid) }),
    turn.t("loan.plan.disclaimer"),
  ];
  const other: RepaymentMethod = plan.method === "annuity" ? "equal-principal" : "annuity";
  const buttons: Button[] = [];
  if (!full && shown.length < rows.length) {
    buttons.push({ label: turn.t("loan.plan.button.full"), action: planAction({ ...request, method: plan.method, full: true }) });
  }
  buttons.push({ label: turn.t(`loan.plan.button.${other}`), action: planAction({ ...request, method: other, full: false }) });
  return { text: lines.join("\n"), buttons, sources };
}

function documentsReply(turn: Turn, rules: LoanRules, assessment: ProgrammeAssessment): Reply {
  const id = assessment.programmeId;
  const lines = [
    turn.t("loan.docs.title", { name: turn.t(`loan.programme.${id}.name`) }),
    ...assessment.documents.items.map((item) => `• ${turn.t(`loan.document.${item}`)}`),
  ];
  if (assessment.documents.status !== "confirmed") lines.push(turn.t("loan.docs.unconfirmed"));
  lines.push(
    turn.t("loan.where", { where: turn.t(`loan.programme.${id}.where`) }) + (assessment.whereToApply.status === "confirmed" ? "" : turn.t("loan.notConfirmed")),
  );
  return {
    text: lines.join("\n"),
    sources: toReplySources(sourcesOf(rules, [...assessment.documents.sources, ...assessment.whereToApply.sources])),
  };
}

function closingReply(turn: Turn, rules: LoanRules, assessment: LoanAssessment): Reply {
  const lines: string[] = [];
  if (assessment.otherHelp.length) {
    lines.push(turn.t("loan.otherHelp.title"));
    for (const help of assessment.otherHelp) lines.push(`• ${turn.t(`loan.help.${help.id}`)}${help.status === "confirmed" ? "" : turn.t("loan.notConfirmed")}`);
    lines.push("");
  }
  lines.push(turn.t("loan.result.closing"));
  const knowledge = [
    ...new Set([...assessment.programmes.flatMap((p) => p.knowledge), ...assessment.otherHelp.flatMap((h) => (h.knowledge ? [h.knowledge] : []))]),
  ];
  return {
    text: lines.join("\n"),
    buttons: [
      ...knowledge.map((entryId) => ({ label: turn.t(`loan.kb.${entryId}`), action: showEntryAction(entryId) })),
      { label: turn.t("loan.button.again"), action: startFlowAction(LOAN_FLOW_ID) },
      { label: turn.t("menu.back"), action: "menu" },
    ],
    sources: toReplySources(
      sourcesOf(
        rules,
        assessment.otherHelp.flatMap((help) => help.sources),
      ),
    ),
  };
}
