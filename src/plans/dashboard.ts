import { monthRange, type ConsoleScope, type RegistrationStatistics } from "../registrations/index.js";
import { periodWindow, type Plan } from "./catalogue.js";
import type { PlanTarget, PlanTargets } from "./targets.js";

const MONTHS_SHOWN = 12;

/** What each metric is compared with, said in the response so nobody has to guess. */
const COMPARED = {
  people: {
    compared: "departed",
    explanation: "registrations that reached the status departed during the period (registered, eligible and loan_applied are shown for context)",
  },
  loan_vnd: {
    compared: "loanRequestedVnd",
    explanation: "sum of the loan amounts requested in registrations made during the period (requested, not disbursed)",
  },
} as const;

/**
 * The dashboard's figures: counts only, never personal data. Registrations are counted in the
 * caller's scope; targets are the plans' of the province in scope.
 */
export function createDashboard(deps: { statistics: RegistrationStatistics; targets: PlanTargets; plans: Plan[]; now?: () => Date }) {
  const { statistics } = deps;
  const now = deps.now ?? (() => new Date());

  async function progressOf(target: PlanTarget, scope: ConsoleScope, memo: Map<string, ReturnType<typeof measure>>) {
    const key = `${target.provinceCode}|${target.period}`;
    if (!memo.has(key)) memo.set(key, measure({ ...scope, provinceCode: target.provinceCode }, target.period));
    const { stages, loans } = await memo.get(key)!;
    const actual = target.metric === "people" ? stages.departed : loans.totalVnd;
    return {
      ...COMPARED[target.metric],
      actual,
      percentOfMinimum: target.minimum > 0 ? Math.round((actual / target.minimum) * 1000) / 10 : null,
      stages,
      loansRequested: loans,
    };
  }

  async function measure(scope: ConsoleScope, period: string) {
    const window = periodWindow(period);
    const [stages, loans] = await Promise.all([statistics.reachedStages(scope, window), statistics.loansRequested(scope, window)]);
    return { stages, loans };
  }

  return async function dashboard(scope: ConsoleScope, period?: string) {
    const window = period ? periodWindow(period) : undefined;
    const months = lastMonths(now(), MONTHS_SHOWN);
    const [perMonth, byStatus, byCountry, byProgramme, byApplicantType, loans, targets] = await Promise.all([
      statistics.countByMonth(scope, monthRange(months[0]!).from),
      statistics.countBy("status", scope, window),
      statistics.countBy("desiredCountry", scope, window),
      statistics.countBy("programme", scope, window),
      statistics.countBy("applicantType", scope, window),
      statistics.loansRequested(scope, window),
      deps.targets.list({ provinceCode: scope.provinceCode, period }),
    ]);
    const plans = deps.plans.filter((plan) => scope.provinceCode === undefined || plan.province === scope.provinceCode);
    const budgetLines = plans.flatMap((plan) =>
      plan.loanBudget && (!period || plan.loanBudget.period === period)
        ? plan.loanBudget.lines.map((line) => ({ plan: plan.code, period: plan.loanBudget!.period, ...line }))
        : [],
    );
    const memo = new Map<string, ReturnType<typeof measure>>();
    return {
      scope: { provinceCode: scope.provinceCode ?? null, communeKey: scope.communeKey ?? null },
      period: period ?? null,
      registrations: {
        total: byStatus.reduce((sum, group) => sum + group.count, 0),
        byMonth: months.map((month) => ({ month, count: perMonth.get(month) ?? 0 })),
        byStatus,
        byCountry,
        byProgramme,
        byApplicantType,
      },
      loans: {
        requestedCount: loans.count,
        requestedTotalVnd: loans.totalVnd,
        budgetLines,
        budgetTotalVnd: budgetLines.reduce((sum, line) => sum + line.amountVnd, 0),
      },
      plans: await Promise.all(
        plans.map(async (plan) => ({
          code: plan.code,
          name: plan.name,
          provinceCode: plan.province,
          note: plan.note ?? null,
          source: plan.source,
          targets: await Promise.all(
            targets.filter((target) => target.plan === plan.code).map(async (target) => ({ ...target, progress: await progressOf(target, scope, memo) })),
          ),
        })),
      ),
    };
  };
}
export type Dashboard = ReturnType<typeof createDashboard>;

/** The last `count` calendar months in Vietnam time, oldest first, as YYYY-MM. */
export function lastMonths(now: Date, count: number): string[] {
  const vietnam = new Date(now.getTime() + 7 * 3600_000);
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth() - (count - 1 - index), 1));
    return date.toISOString().slice(0, 7);
  });
}
