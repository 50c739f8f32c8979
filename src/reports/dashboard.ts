import type { Plan, PlanTarget } from "../plans/index.js";
import type { RegistrationFacts } from "../registrations/index.js";
import { budgetUse, departuresOf, percent, type BudgetLineUse } from "./figures.js";
import { daysBetween, monthsOf, within, yearsOf, type ReportPeriod } from "./period.js";
import { CAPITAL_LINES } from "../registrations/index.js";

/**
 * Progress of a plan in a period by commune or ward and by month, and, for each target whose
 * period covers the year, how far the cumulative figure stood at the end of each month. People
 * are departures, money is disbursed (never requested) amounts, as in the reports.
 */
export function progressByPlaceAndMonth(input: {
  facts: RegistrationFacts[];
  targets: PlanTarget[];
  period: ReportPeriod;
  today: string;
  communeKey?: string;
}) {
  const { facts, period } = input;
  const until = period.lastDay < input.today ? period.lastDay : input.today;
  const departures = departuresOf(facts);
  const disbursements = facts.flatMap((registration) =>
    registration.outcomes.filter((event) => event.kind === "loan_disbursed").map((event) => ({ registration, event })),
  );
  const months = monthsOf(period).filter((month) => `${month}-01` <= until);
  const monthEnd = (month: string) => {
    const end = `${month}-31`;
    return end < until ? end : until;
  };

  const places = new Map<
    string | null,
    { communeKey: string | null; communeName: string | null; registered: number; departed: number; disbursedVnd: number }
  >();
  const place = (registration: RegistrationFacts) => {
    if (!places.has(registration.communeKey))
      places.set(registration.communeKey, {
        communeKey: registration.communeKey,
        communeName: registration.communeName,
        registered: 0,
        departed: 0,
        disbursedVnd: 0,
      });
    return places.get(registration.communeKey)!;
  };
  for (const registration of facts) if (within(registration.registeredOn, period.firstDay, until)) place(registration).registered++;
  for (const departure of departures) if (within(departure.on, period.firstDay, until)) place(departure.facts).departed++;
  for (const { registration, event } of disbursements)
    if (within(event.occurredOn, period.firstDay, until)) place(registration).disbursedVnd += event.amountVnd ?? 0;
  const totalDeparted = [...places.values()].reduce((sum, row) => sum + row.departed, 0);

  let cumulativeDeparted = 0;
  let cumulativeDisbursedVnd = 0;
  const byMonth = months.map((month) => {
    const [from, to] = [`${month}-01`, monthEnd(month)];
    const registered = facts.filter((registration) => within(registration.registeredOn, from, to)).length;
    const departed = departures.filter((departure) => within(departure.on, from, to)).length;
    const disbursedVnd = disbursements.filter(({ event }) => within(event.occurredOn, from, to)).reduce((sum, { event }) => sum + (event.amountVnd ?? 0), 0);
    cumulativeDeparted += departed;
    cumulativeDisbursedVnd += disbursedVnd;
    return { month, registered, departed, disbursedVnd, cumulativeDeparted, cumulativeDisbursedVnd };
  });

  const targets = input.targets
    .filter((target) => target.communeKey === null || target.communeKey === input.communeKey)
    .filter((target) => {
      const [first, last] = yearsOf(target.period);
      return period.year >= first && period.year <= last;
    })
    .map((target) => {
      const from = `${yearsOf(target.period)[0]}-01-01`;
      return {
        id: target.id,
        metric: target.metric,
        period: target.period,
        minimum: target.minimum,
        maximum: target.maximum,
        byMonth: months.map((month) => {
          const cumulative =
            target.metric === "people"
              ? departures.filter((departure) => within(departure.on, from, monthEnd(month))).length
              : disbursements
                  .filter(({ event }) => within(event.occurredOn, from, monthEnd(month)))
                  .reduce((sum, { event }) => sum + (event.amountVnd ?? 0), 0);
          return { month, cumulative, percentOfMinimum: target.minimum > 0 ? percent(cumulative, target.minimum) : null };
        }),
      };
    });

  return {
    period: period.code,
    countedUntil: until,
    byCommune: [...places.values()]
      .map((row) => ({ ...row, shareOfDeparturesPercent: totalDeparted > 0 ? percent(row.departed, totalDeparted) : null }))
      .sort((a, b) => b.departed - a.departed || b.registered - a.registered || (a.communeName ?? "").localeCompare(b.communeName ?? "", "vi")),
    byMonth,
    targets,
  };
}

/** The plan's loan budget used in the period by capital line: amounts disbursed, never requested. */
export function loanBudgetUse(input: { plan: Plan; facts: RegistrationFacts[]; period: ReportPeriod; today: string }): {
  lines: BudgetLineUse[];
  budgetVnd: number | null;
  cumulativeVnd: number;
  percentUsed: number | null;
} {
  const until = input.period.lastDay < input.today ? input.period.lastDay : input.today;
  const lines = budgetUse(input.facts, input.plan.loanBudget, CAPITAL_LINES, "loan_disbursed", (event) => event.capitalLine, input.period, until);
  const budgeted = lines.filter((line) => line.budgetVnd !== null);
  const budgetVnd = budgeted.length ? budgeted.reduce((sum, line) => sum + line.budgetVnd!, 0) : null;
  const cumulativeVnd = lines.reduce((sum, line) => sum + line.cumulativeVnd, 0);
  return { lines, budgetVnd, cumulativeVnd, percentUsed: budgetVnd ? percent(cumulativeVnd, budgetVnd) : null };
}

export const FUNNEL_STEPS = ["registered", "contacted", "eligible", "loanApplied", "loanApproved", "loanDisbursed", "departed"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/**
 * The registrations made in the period, followed to today: how many reached each step, and
 * how long it took (median days since registering, and since the step before that the person
 * reached — someone who leaves without a loan goes from "eligible" to "departed").
 */
export function conversionFunnel(input: { facts: RegistrationFacts[]; period: ReportPeriod; today: string }) {
  const until = input.period.lastDay < input.today ? input.period.lastDay : input.today;
  const cohort = input.facts.filter((registration) => within(registration.registeredOn, input.period.firstDay, until));
  const journeys = cohort.map((registration) => stepDays(registration, input.today));
  return {
    period: input.period.code,
    cohort: cohort.length,
    steps: FUNNEL_STEPS.map((step, index) => {
      const reached = journeys.filter((journey) => journey[step] !== null);
      const fromPrevious = reached.flatMap((journey) => {
        const previous = FUNNEL_STEPS.slice(0, index)
          .reverse()
          .find((candidate) => journey[candidate] !== null);
        return previous ? [daysBetween(journey[previous]!, journey[step]!)] : [];
      });
      return {
        step,
        reached: reached.length,
        percentOfCohort: cohort.length ? percent(reached.length, cohort.length) : null,
        medianDaysFromRegistration: median(reached.map((journey) => daysBetween(journey.registered!, journey[step]!))),
        medianDaysFromPreviousStep: index === 0 ? null : median(fromPrevious),
      };
    }),
  };
}

/** The first day a registration reached each step (up to today), from its status history and outcomes. */
function stepDays(registration: RegistrationFacts, today: string): Record<FunnelStep, string | null> {
  const first = (kind: string) =>
    registration.outcomes
      .filter((event) => event.kind === kind && event.occurredOn <= today)
      .map((event) => event.occurredOn)
      .sort()[0] ?? null;
  const earliest = (...days: (string | null)[]) => days.filter((day): day is string => day !== null).sort()[0] ?? null;
  return {
    registered: registration.registeredOn,
    contacted: registration.reachedOn.contacted,
    eligible: registration.reachedOn.eligible,
    loanApplied: earliest(registration.reachedOn.loanApplied, first("loan_applied")),
    loanApproved: first("loan_approved"),
    loanDisbursed: first("loan_disbursed"),
    departed: first("departed") ?? registration.reachedOn.departed,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 10) / 10;
}
