import type { ApplicantKind, LoanRules, LoanSource, OtherHelp, Programme, Province, RuleStatus } from "./rules.js";

/** What a family told us about their case. */
export interface LoanCase {
  applicant: ApplicantKind;
  province: Province;
  /** A priority group id from the rules; `none` when no group fits. */
  group: string;
  /** Total cost the worker pays before departure under the contract, in VND. */
  costVnd: number;
  /** The part of that cost the state budget already pays (training, language…), in VND. */
  stateSupportVnd: number;
  contractMonths: number;
  /** The EPS deposit, when known; the deposit loan is then capped by it. */
  depositVnd?: number;
}

export type Eligibility = "yes" | "not-confirmed" | "no";
/** Why a programme does not apply, or which part of applying to this case is not confirmed. */
export type EligibilityReason = "applicant" | "province" | "not-in-force" | "group" | "programme-not-confirmed";

interface Sourced {
  status: RuleStatus;
  sources: string[];
}
interface Unknown {
  known: false;
  sources: string[];
}

export type MaxLoanAssessment =
  | (Sourced & { known: true; rule: "share-of-net-cost"; percentOfNetCost: number; netCostVnd: number; vnd: number })
  /** `upToCap`: the deposit is unknown, so the amount is the cap ("up to 100 million"). */
  | (Sourced & { known: true; rule: "deposit-amount"; capVnd: number; vnd: number; upToCap: boolean })
  | Unknown;

export type RateAssessment =
  | (Sourced & {
      known: true;
      /** The annual rate used for the plan, in percent. */
      annualPercent: number;
      basis: "standard" | "priority";
      /** Share of the poor-household rate: 127 or 100. */
      sharePercent: number;
      /** Whether this group's place in the priority list is confirmed. */
      groupStatus: RuleStatus;
      poorHouseholdPercent: number;
      /** Whether the poor-household rate value itself is confirmed. */
      valueStatus: RuleStatus;
      valueAsOf: string;
      valueSources: string[];
      otherReports: { annualPercent: number; from: string; sources: string[] }[];
    })
  | Unknown;

export interface ProgrammeAssessment {
  programmeId: string;
  eligibility: Eligibility;
  reasons: EligibilityReason[];
  eligibilitySources: string[];
  maxLoan: MaxLoanAssessment;
  collateral: (Sourced & { known: true; thresholdVnd: number; required: boolean }) | Unknown;
  rate: RateAssessment;
  overdue: (Sourced & { known: true; percentOfRate: number; annualPercent?: number }) | Unknown;
  term: (Sourced & { known: true; maxMonths: number; capMonths?: number; withinContract: boolean }) | Unknown;
  documents: Sourced & { items: string[] };
  whereToApply: Sourced;
  knowledge: string[];
}

export interface LoanAssessment {
  loanCase: LoanCase;
  /** Programmes that apply or may apply, best-known first; never those that surely do not. */
  programmes: ProgrammeAssessment[];
  otherHelp: OtherHelp[];
}

/** Which programmes apply to a case on a date, and what each of them allows. */
export function assessLoan(rules: LoanRules, loanCase: LoanCase, on: Date): LoanAssessment {
  const programmes = rules.programmes
    .map((programme) => assessProgramme(rules, programme, loanCase, on))
    .filter((assessment) => assessment.eligibility !== "no")
    .sort((a, b) => rank(a.eligibility) - rank(b.eligibility));
  const otherHelp = rules.otherHelp.filter(
    (help) =>
      help.applicants.includes(loanCase.applicant) &&
      (help.provinces === "any" || help.provinces.includes(loanCase.province)) &&
      (help.groups === "all" || help.groups.includes(loanCase.group)),
  );
  return { loanCase, programmes, otherHelp };
}

/** One programme for one case, also when it does not apply (with the reasons). */
export function assessProgramme(rules: LoanRules, programme: Programme, loanCase: LoanCase, on: Date): ProgrammeAssessment {
  const eligibility = eligibilityOf(programme, loanCase, on);
  const maxLoan = maxLoanOf(programme, loanCase);
  const rate = rateFor(rules, programme, loanCase.group);
  return {
    programmeId: programme.id,
    ...eligibility,
    eligibilitySources: programme.eligibility.sources,
    maxLoan,
    collateral:
      programme.collateral.rule === "above" && maxLoan.known
        ? {
            known: true,
            thresholdVnd: programme.collateral.thresholdVnd,
            required: maxLoan.vnd > programme.collateral.thresholdVnd,
            status: programme.collateral.status,
            sources: programme.collateral.sources,
          }
        : { known: false, sources: programme.collateral.sources },
    rate,
    overdue:
      programme.overdue.rule === "share-of-loan-rate"
        ? {
            known: true,
            percentOfRate: programme.overdue.percent,
            annualPercent: rate.known ? roundRate((rate.annualPercent * programme.overdue.percent) / 100) : undefined,
            status: programme.overdue.status,
            sources: programme.overdue.sources,
          }
        : { known: false, sources: programme.overdue.sources },
    term:
      programme.term.rule === "at-most"
        ? {
            known: true,
            maxMonths: Math.min(programme.term.withinContract ? loanCase.contractMonths : Infinity, programme.term.capMonths ?? Infinity),
            capMonths: programme.term.capMonths,
            withinContract: programme.term.withinContract,
            status: programme.term.status,
            sources: programme.term.sources,
          }
        : { known: false, sources: programme.term.sources },
    documents: programme.documents,
    whereToApply: programme.whereToApply,
    knowledge: programme.knowledge,
  };
}

/** Every source an assessment relies on, once each, in the order first used. */
export function sourcesOf(rules: LoanRules, sourceIds: Iterable<string>): LoanSource[] {
  return [...new Set(sourceIds)].map((id) => rules.sources[id]).filter((source) => source !== undefined);
}

export function sourceIdsOfProgramme(assessment: ProgrammeAssessment): string[] {
  const { maxLoan, collateral, rate, overdue, term } = assessment;
  return [
    ...assessment.eligibilitySources,
    ...maxLoan.sources,
    ...collateral.sources,
    ...rate.sources,
    ...(rate.known ? [...rate.valueSources, ...rate.otherReports.flatMap((report) => report.sources)] : []),
    ...overdue.sources,
    ...term.sources,
  ];
}

function eligibilityOf(programme: Programme, loanCase: LoanCase, on: Date): { eligibility: Eligibility; reasons: EligibilityReason[] } {
  const day = on.toISOString().slice(0, 10);
  const refusals: EligibilityReason[] = [];
  if (!programme.applicants.includes(loanCase.applicant)) refusals.push("applicant");
  if (programme.provinces !== "any" && !programme.provinces.includes(loanCase.province)) refusals.push("province");
  if (day < programme.validFrom || (programme.validTo !== undefined && day > programme.validTo)) refusals.push("not-in-force");
  const { groups, otherGroups } = programme.eligibility;
  const groupCovered = groups === "all" || groups.includes(loanCase.group);
  if (!groupCovered && otherGroups === "not-eligible") refusals.push("group");
  if (refusals.length) return { eligibility: "no", reasons: refusals };

  const doubts: EligibilityReason[] = [];
  if (!groupCovered) doubts.push("group");
  if (programme.eligibility.status === "not-confirmed") doubts.push("programme-not-confirmed");
  return doubts.length ? { eligibility: "not-confirmed", reasons: doubts } : { eligibility: "yes", reasons: [] };
}

function maxLoanOf(programme: Programme, loanCase: LoanCase): MaxLoanAssessment {
  const rule = programme.maxLoan;
  switch (rule.rule) {
    case "share-of-net-cost": {
      const netCostVnd = Math.max(0, loanCase.costVnd - loanCase.stateSupportVnd);
      const vnd = Math.floor((netCostVnd * rule.percentOfNetCost) / 100);
      return { known: true, rule: rule.rule, percentOfNetCost: rule.percentOfNetCost, netCostVnd, vnd, status: rule.status, sources: rule.sources };
    }
    case "deposit-amount": {
      const vnd = Math.min(loanCase.depositVnd ?? rule.capVnd, rule.capVnd);
      return { known: true, rule: rule.rule, capVnd: rule.capVnd, vnd, upToCap: loanCase.depositVnd === undefined, status: rule.status, sources: rule.sources };
    }
    case "not-confirmed":
      return { known: false, sources: rule.sources };
  }
}

/** The rate a group pays under a programme, with the value in force and its status. */
export function rateFor(rules: LoanRules, programme: Programme, group: string): RateAssessment {
  const rule = programme.rate;
  if (rule.rule === "not-confirmed") return { known: false, sources: rule.sources };
  const priority = rule.priorityGroups.includes(group);
  const surelyStandard = rule.standardGroups.includes(group);
  const sharePercent = priority ? rule.priorityPercent : rule.standardPercent;
  const base = rules.poorHouseholdRate;
  return {
    known: true,
    annualPercent: roundRate((base.annualPercent * sharePercent) / 100),
    basis: priority ? "priority" : "standard",
    sharePercent,
    groupStatus: surelyStandard ? "confirmed" : rule.priorityListStatus,
    poorHouseholdPercent: base.annualPercent,
    valueStatus: base.status,
    valueAsOf: base.asOf,
    valueSources: base.sources,
    otherReports: base.otherReports,
    status: rule.status,
    sources: rule.sources,
  };
}

/** 6.6 × 127 % is 8.382, not 8.382000000000001. */
function roundRate(percent: number): number {
  return Math.round(percent * 1_000_000) / 1_000_000;
}

function rank(eligibility: Eligibility): number {
  return eligibility === "yes" ? 0 : 1;
}
