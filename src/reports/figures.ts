import type { Plan, PlanTarget } from "../plans/index.js";
import { CAPITAL_LINES, LOAN_PROGRAMMES, SUPPORT_KINDS, type OutcomeEvent, type RegistrationFacts } from "../registrations/index.js";
import { within, yearsOf, type ReportPeriod } from "./period.js";

/** A figure for workers, for work-study students, and both. */
export interface Split {
  worker: number;
  student: number;
  total: number;
}

export interface BudgetLineUse {
  line: string;
  /** The plan's name for the line; null when the plan has no budget for this period. */
  label: string | null;
  budgetVnd: number | null;
  budgetPeriod: string | null;
  /** People paid, and the amount, within the report's period. */
  people: number;
  amountVnd: number;
  /** Paid since the budget period began (or the report's year, without a budget), up to the counted day. */
  cumulativeFrom: string;
  cumulativeVnd: number;
  percentUsed: number | null;
}

export interface TargetProgress {
  id: number;
  metric: "people" | "loan_vnd";
  period: string;
  communeKey: string | null;
  minimum: number;
  maximum: number | null;
  /** Achieved within the report's period. */
  inPeriod: number;
  /** Achieved since the target's period began, up to the counted day. */
  cumulative: number;
  cumulativeFrom: string;
  percentOfMinimum: number | null;
  percentOfMaximum: number | null;
}

export interface ReportFigures {
  planCode: string;
  provinceCode: string;
  communeKey: string | null;
  period: ReportPeriod;
  /** The last day counted: the period's end, or today while the period runs. */
  countedUntil: string;
  summary: {
    registered: Split;
    contacted: Split;
    eligible: Split;
    loanApplied: Split;
    loanAppliedVnd: Split;
    loanApproved: Split;
    loanApprovedVnd: Split;
    loanRefused: Split;
    loanDisbursedPeople: Split;
    loanDisbursedVnd: Split;
    supportPaidPeople: Split;
    supportPaidVnd: Split;
    departed: Split;
    /** Of `departed`: moved to "departed" by a status change without the departure's details. */
    departedUnrecorded: Split;
    returnedEarly: Split;
    returnedAtTerm: Split;
  };
  loanProgrammes: {
    programme: string;
    applied: number;
    appliedVnd: number;
    approved: number;
    approvedVnd: number;
    refused: number;
    disbursedPeople: number;
    disbursedVnd: number;
  }[];
  capitalLines: BudgetLineUse[];
  supportLines: BudgetLineUse[];
  targets: TargetProgress[];
  /** null: not recorded (a departure known only from the status). */
  departuresByCountry: { country: string | null; departed: Split }[];
  departuresByProgramme: { programme: string | null; departed: Split }[];
  communes: { communeKey: string | null; communeName: string | null; registered: number; departed: Split; disbursedVnd: number }[];
  earlyReturns: { reason: string; returned: Split }[];
}

type Group = "worker" | "student";
const METRIC_ORDER = ["people", "loan_vnd"];
const groupOf = (facts: RegistrationFacts): Group => (facts.applicantType === "student" ? "student" : "worker");
const zero = (): Split => ({ worker: 0, student: 0, total: 0 });
function add(split: Split, group: Group, value = 1): void {
  split[group] += value;
  split.total += value;
}

/** A departure: recorded as an outcome, or known only from a status change (no details). */
export interface Departure {
  facts: RegistrationFacts;
  on: string;
  event: OutcomeEvent | null;
}

/**
 * Every figure of a plan's period report, counted from the registrations' facts. The rules:
 * a registration counts in the period it was made; "contacted" and "eligible" in the period it
 * first reached that stage (a later stage counts for the earlier ones); loans, support,
 * departures and returns on the day they happened (the outcome's date, not the day it was
 * recorded); a departure known only from a status change counts on that day, without country.
 * Disbursed people and supported people are people (one person paid twice counts once);
 * applications, decisions, departures and returns are events. Only the facts given count: the
 * caller passes the plan's province (and a commune's, for a commune's report), nothing else.
 */
export function computeFigures(input: {
  plan: Plan;
  facts: RegistrationFacts[];
  targets: PlanTarget[];
  period: ReportPeriod;
  today: string;
  communeKey?: string;
}): ReportFigures {
  const { plan, facts, period } = input;
  const until = period.lastDay < input.today ? period.lastDay : input.today;
  const inPeriod = (day: string | null): day is string => within(day, period.firstDay, until);
  const departures = departuresOf(facts);

  const summary: ReportFigures["summary"] = {
    registered: zero(),
    contacted: zero(),
    eligible: zero(),
    loanApplied: zero(),
    loanAppliedVnd: zero(),
    loanApproved: zero(),
    loanApprovedVnd: zero(),
    loanRefused: zero(),
    loanDisbursedPeople: zero(),
    loanDisbursedVnd: zero(),
    supportPaidPeople: zero(),
    supportPaidVnd: zero(),
    departed: zero(),
    departedUnrecorded: zero(),
    returnedEarly: zero(),
    returnedAtTerm: zero(),
  };
  const programmes = new Map(
    LOAN_PROGRAMMES.map((programme) => [
      programme,
      { programme, applied: 0, appliedVnd: 0, approved: 0, approvedVnd: 0, refused: 0, disbursedPeople: 0, disbursedVnd: 0 },
    ]),
  );
  const earlyReasons = new Map<string, Split>();

  for (const registration of facts) {
    const group = groupOf(registration);
    if (inPeriod(registration.registeredOn)) add(summary.registered, group);
    if (inPeriod(registration.reachedOn.contacted)) add(summary.contacted, group);
    if (inPeriod(registration.reachedOn.eligible)) add(summary.eligible, group);
    const disbursedProgrammes = new Set<string>();
    let supported = false;
    for (const event of registration.outcomes) {
      if (!inPeriod(event.occurredOn)) continue;
      const amount = event.amountVnd ?? 0;
      const loan = event.loanProgramme ? programmes.get(event.loanProgramme) : undefined;
      switch (event.kind) {
        case "loan_applied":
          add(summary.loanApplied, group);
          add(summary.loanAppliedVnd, group, amount);
          if (loan) [loan.applied, loan.appliedVnd] = [loan.applied + 1, loan.appliedVnd + amount];
          break;
        case "loan_approved":
          add(summary.loanApproved, group);
          add(summary.loanApprovedVnd, group, amount);
          if (loan) [loan.approved, loan.approvedVnd] = [loan.approved + 1, loan.approvedVnd + amount];
          break;
        case "loan_refused":
          add(summary.loanRefused, group);
          if (loan) loan.refused++;
          break;
        case "loan_disbursed":
          add(summary.loanDisbursedVnd, group, amount);
          if (loan) {
            loan.disbursedVnd += amount;
            if (!disbursedProgrammes.has(loan.programme)) loan.disbursedPeople++;
          }
          if (disbursedProgrammes.size === 0) add(summary.loanDisbursedPeople, group);
          disbursedProgrammes.add(event.loanProgramme ?? "");
          break;
        case "support_paid":
          add(summary.supportPaidVnd, group, amount);
          if (!supported) add(summary.supportPaidPeople, group);
          supported = true;
          break;
        case "returned":
          if (event.returnKind === "early") {
            add(summary.returnedEarly, group);
            const reason = event.returnReason ?? "other";
            if (!earlyReasons.has(reason)) earlyReasons.set(reason, zero());
            add(earlyReasons.get(reason)!, group);
          } else add(summary.returnedAtTerm, group);
          break;
      }
    }
  }

  const byCountry = new Map<string | null, Split>();
  const byProgramme = new Map<string | null, Split>();
  for (const departure of departures.filter((candidate) => inPeriod(candidate.on))) {
    const group = groupOf(departure.facts);
    add(summary.departed, group);
    if (!departure.event) add(summary.departedUnrecorded, group);
    const country = departure.event?.country ?? null;
    const programme = departure.event ? (departure.event.programme ?? knownProgramme(departure.facts)) : null;
    for (const [map, key] of [
      [byCountry, country],
      [byProgramme, programme],
    ] as const) {
      if (!map.has(key)) map.set(key, zero());
      add(map.get(key)!, group);
    }
  }

  return {
    planCode: plan.code,
    provinceCode: plan.province,
    communeKey: input.communeKey ?? null,
    period,
    countedUntil: until,
    summary,
    loanProgrammes: [...programmes.values()],
    capitalLines: budgetUse(facts, plan.loanBudget, CAPITAL_LINES, "loan_disbursed", (event) => event.capitalLine, period, until),
    supportLines: budgetUse(facts, plan.supportBudget, SUPPORT_KINDS, "support_paid", (event) => event.supportKind, period, until),
    targets: targetProgress(input.targets, facts, departures, period, until, input.communeKey),
    departuresByCountry: sortedEntries(byCountry).map(([country, departed]) => ({ country, departed })),
    departuresByProgramme: sortedEntries(byProgramme).map(([programme, departed]) => ({ programme, departed })),
    communes: communeFigures(facts, departures, inPeriod),
    earlyReturns: [...earlyReasons.entries()].map(([reason, returned]) => ({ reason, returned })),
  };
}

/** Every departure of these registrations: its outcome, or the status change when no outcome says it. */
export function departuresOf(facts: RegistrationFacts[]): Departure[] {
  return facts.flatMap((registration): Departure[] => {
    const recorded = registration.outcomes.filter((event) => event.kind === "departed");
    if (recorded.length) return recorded.map((event) => ({ facts: registration, on: event.occurredOn, event }));
    return registration.reachedOn.departed ? [{ facts: registration, on: registration.reachedOn.departed, event: null }] : [];
  });
}

/** Loans disbursed (or support paid) by line, against the plan's budget when it covers the report's year. */
export function budgetUse(
  facts: RegistrationFacts[],
  budget: Plan["loanBudget"],
  lines: readonly string[],
  kind: "loan_disbursed" | "support_paid",
  lineOf: (event: OutcomeEvent) => string | null,
  period: ReportPeriod,
  until: string,
): BudgetLineUse[] {
  const [firstYear, lastYear] = budget ? yearsOf(budget.period) : [period.year, period.year];
  const applies = budget !== undefined && period.year >= firstYear && period.year <= lastYear;
  const cumulativeFrom = applies ? `${firstYear}-01-01` : `${period.year}-01-01`;
  const codes = [...new Set([...(applies ? budget!.lines.map((line) => line.line) : []), ...lines])];
  return codes.map((code) => {
    const planned = applies ? budget!.lines.find((line) => line.line === code) : undefined;
    let people = 0;
    let amountVnd = 0;
    let cumulativeVnd = 0;
    for (const registration of facts) {
      let paidInPeriod = false;
      for (const event of registration.outcomes) {
        if (event.kind !== kind || lineOf(event) !== code) continue;
        const amount = event.amountVnd ?? 0;
        if (within(event.occurredOn, cumulativeFrom, until)) cumulativeVnd += amount;
        if (within(event.occurredOn, period.firstDay, until)) {
          amountVnd += amount;
          paidInPeriod = true;
        }
      }
      if (paidInPeriod) people++;
    }
    return {
      line: code,
      label: planned?.label ?? null,
      budgetVnd: planned?.amountVnd ?? null,
      budgetPeriod: applies ? budget!.period : null,
      people,
      amountVnd,
      cumulativeFrom,
      cumulativeVnd,
      percentUsed: planned && planned.amountVnd > 0 ? percent(cumulativeVnd, planned.amountVnd) : null,
    };
  });
}

/**
 * Each target whose period covers the report's year: what was achieved in the report's period
 * and since the target's period began (people = departures; loan_vnd = amounts disbursed).
 */
function targetProgress(
  targets: PlanTarget[],
  facts: RegistrationFacts[],
  departures: Departure[],
  period: ReportPeriod,
  until: string,
  communeKey?: string,
): TargetProgress[] {
  return (
    targets
      .filter((target) => target.communeKey === null || target.communeKey === communeKey)
      .filter((target) => {
        const [first, last] = yearsOf(target.period);
        return period.year >= first && period.year <= last;
      })
      // People first, then money; the narrowest period (the year) before the plan's whole span.
      .sort(
        (a, b) =>
          METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric) || yearsOf(b.period)[0] - yearsOf(a.period)[0] || a.period.localeCompare(b.period),
      )
      .map((target) => {
        const cumulativeFrom = `${yearsOf(target.period)[0]}-01-01`;
        const measure = (from: string) =>
          target.metric === "people"
            ? departures.filter((departure) => within(departure.on, from, until)).length
            : facts
                .flatMap((registration) => registration.outcomes)
                .filter((event) => event.kind === "loan_disbursed" && within(event.occurredOn, from, until))
                .reduce((sum, event) => sum + (event.amountVnd ?? 0), 0);
        const cumulative = measure(cumulativeFrom);
        return {
          id: target.id,
          metric: target.metric,
          period: target.period,
          communeKey: target.communeKey,
          minimum: target.minimum,
          maximum: target.maximum,
          inPeriod: measure(period.firstDay),
          cumulative,
          cumulativeFrom,
          percentOfMinimum: target.minimum > 0 ? percent(cumulative, target.minimum) : null,
          percentOfMaximum: target.maximum ? percent(cumulative, target.maximum) : null,
        };
      })
  );
}

function communeFigures(facts: RegistrationFacts[], departures: Departure[], inPeriod: (day: string | null) => day is string): ReportFigures["communes"] {
  const communes = new Map<string | null, ReportFigures["communes"][number]>();
  const entry = (registration: RegistrationFacts) => {
    const key = registration.communeKey;
    if (!communes.has(key)) communes.set(key, { communeKey: key, communeName: registration.communeName, registered: 0, departed: zero(), disbursedVnd: 0 });
    return communes.get(key)!;
  };
  for (const registration of facts) {
    const disbursed = registration.outcomes
      .filter((event) => event.kind === "loan_disbursed" && inPeriod(event.occurredOn))
      .reduce((sum, event) => sum + (event.amountVnd ?? 0), 0);
    if (inPeriod(registration.registeredOn) || disbursed > 0) {
      const commune = entry(registration);
      if (inPeriod(registration.registeredOn)) commune.registered++;
      commune.disbursedVnd += disbursed;
    }
  }
  for (const departure of departures.filter((candidate) => inPeriod(candidate.on))) add(entry(departure.facts).departed, groupOf(departure.facts));
  return [...communes.values()].sort((a, b) => (a.communeName === null ? 1 : b.communeName === null ? -1 : a.communeName.localeCompare(b.communeName, "vi")));
}

/** The registration's programme when the person chose one. */
function knownProgramme(facts: RegistrationFacts): string | null {
  return facts.programme === "undecided" ? null : facts.programme;
}

function sortedEntries<K>(map: Map<K, Split>): [K, Split][] {
  // Most first; "not recorded" (null) last.
  return [...map.entries()].sort(([ka, a], [kb, b]) => (ka === null ? 1 : kb === null ? -1 : b.total - a.total || String(ka).localeCompare(String(kb))));
}

/** 12.3 for 12.34 %: one decimal, as reports write it. */
export function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 1000) / 10;
}
