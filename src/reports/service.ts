import { z } from "zod";
import type { Texts } from "../shared/index.js";
import type { Plan, PlanTarget } from "../plans/index.js";
import { outcomeLabels, type Localities, type RegistrationFactsReader } from "../registrations/index.js";
import type { ReportText } from "./catalogue.js";
import { conversionFunnel, loanBudgetUse, progressByPlaceAndMonth } from "./dashboard.js";
import { reportToDocx } from "./docx.js";
import { computeFigures, type ReportFigures } from "./figures.js";
import { formatDay } from "./format.js";
import { layoutReport, periodLabelOf } from "./layout.js";
import type { ReportParties } from "./report-model.js";
import { parseReportPeriod, PERIOD_PATTERN, vietnamDay, type ReportPeriod } from "./period.js";
import { communesWithoutRecords, remindersDue, upcomingReportingItems } from "./reminders.js";
import { reportToXlsx } from "./xlsx.js";

/** Whose figures a caller may see: a province, a commune of it, or (admins) everything. */
export interface ReportScope {
  provinceCode?: string;
  communeKey?: string;
  /** The commune's name as the report writes it (commune staff). */
  communeName?: string;
}

const line = z.string().trim().min(2, "must have at least 2 characters").max(200, "must be at most 200 characters");

/** A report as staff ask for it, from the CLI or the admin API. */
export const reportRequest = z.strictObject({
  plan: z.string({ error: "is required: a plan code, e.g. kh2740-huong-tra" }).regex(/^[a-z0-9-]+$/, "must be a plan code, e.g. kh2740-huong-tra"),
  period: z
    .string({ error: "is required: 2026-H1, 2026 or 2026-11" })
    .regex(PERIOD_PATTERN, "must be a half-year (2026-H1), a year (2026) or a month (2026-11)"),
  format: z.enum(["docx", "xlsx"], { error: "must be docx or xlsx" }).default("docx"),
  /** The header's lines, parent bodies first; defaults from content/plans/plans.yaml. */
  reportingBody: z.array(line.max(120, "must be at most 120 characters")).min(1).max(3, "at most 3 lines").optional(),
  recipient: line.optional(),
  copies: z.array(line).max(10, "at most 10 recipients of a copy").optional(),
});
export type ReportRequest = z.output<typeof reportRequest>;

export class UnknownPlan extends Error {
  constructor(readonly plan: string) {
    super(`no such plan: ${plan}`);
    this.name = "UnknownPlan";
  }
}

/** Not a period a report can cover (a year outside 2000–2100). */
export class InvalidPeriod extends Error {
  constructor(readonly period: string) {
    super(`not a report period: ${period}`);
    this.name = "InvalidPeriod";
  }
}

/** The period has not begun: there is nothing to count yet. */
export class PeriodNotStarted extends Error {
  constructor(readonly period: string) {
    super(`the period ${period} has not begun`);
    this.name = "PeriodNotStarted";
  }
}

export interface ReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  figures: ReportFigures;
}

/**
 * The plans' period reports, their dashboard figures and their deadlines. A caller's scope
 * decides which plans exist for them (another province's plan is unknown) and whose
 * registrations count (a commune officer's report is their commune's). Only registrations of
 * the plan's province are ever read.
 */
export function createReportService(deps: {
  facts: RegistrationFactsReader;
  plans: Plan[];
  listTargets(filter: { plan: string }): Promise<PlanTarget[]>;
  localities: Localities;
  texts: Texts;
  t: ReportText;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  const labels = outcomeLabels(deps.texts, "vi");

  function planFor(code: string, scope: ReportScope): Plan {
    const plan = deps.plans.find((candidate) => candidate.code === code);
    if (!plan || (scope.provinceCode !== undefined && plan.province !== scope.provinceCode)) throw new UnknownPlan(code);
    return plan;
  }

  function periodFor(code: string, today: string): ReportPeriod {
    const period = parseReportPeriod(code);
    if (!period) throw new InvalidPeriod(code);
    if (period.firstDay > today) throw new PeriodNotStarted(code);
    return period;
  }

  async function inputsFor(planCode: string, periodCode: string, scope: ReportScope) {
    const plan = planFor(planCode, scope);
    const today = vietnamDay(now());
    const period = periodFor(periodCode, today);
    const [facts, targets] = await Promise.all([
      // The plan's province, always: a person outside it is never counted, whatever the scope.
      deps.facts.read({ provinceCode: plan.province, communeKey: scope.communeKey }),
      deps.listTargets({ plan: plan.code }),
    ]);
    return { plan, today, period, facts, targets };
  }

  function partiesFor(plan: Plan, request: Partial<ReportRequest>, scope: ReportScope): ReportParties {
    const province = deps.localities.byCode(plan.province)?.name ?? plan.province;
    const lowerFirst = province.charAt(0).toLocaleLowerCase("vi") + province.slice(1);
    const defaults: ReportParties = scope.communeName
      ? {
          reportingBody: [deps.t("report.default.peoplesCommittee"), scope.communeName.toLocaleUpperCase("vi")],
          recipient: plan.report?.communeRecipient ?? deps.t("report.default.recipient", { province: lowerFirst }),
          copies: [],
        }
      : {
          reportingBody: plan.report?.reportingBody ?? [
            deps.t("report.default.peoplesCommittee"),
            province.toLocaleUpperCase("vi"),
            deps.t("report.default.department"),
          ],
          recipient: plan.report?.recipient ?? deps.t("report.default.recipient", { province: lowerFirst }),
          copies: plan.report?.copies ?? [],
        };
    return {
      reportingBody: request.reportingBody ?? defaults.reportingBody,
      recipient: request.recipient ?? defaults.recipient,
      copies: request.copies ?? defaults.copies,
      communeName: scope.communeName,
    };
  }

  return {
    /** Every figure of a plan's report for a period, in the caller's scope. */
    async figures(planCode: string, periodCode: string, scope: ReportScope): Promise<ReportFigures> {
      const { plan, today, period, facts, targets } = await inputsFor(planCode, periodCode, scope);
      return computeFigures({ plan, facts, targets, period, today, communeKey: scope.communeKey });
    },

    /** The report as a Word document or the spreadsheet of its tables. */
    async document(request: ReportRequest, scope: ReportScope): Promise<ReportFile> {
      const { plan, today, period, facts, targets } = await inputsFor(request.plan, request.period, scope);
      const figures = computeFigures({ plan, facts, targets, period, today, communeKey: scope.communeKey });
      const parties = partiesFor(plan, request, scope);
      const model = layoutReport(figures, { plan, parties, t: deps.t, labels, localities: deps.localities });
      const base = ["bao-cao", plan.code, period.code, scope.communeKey?.replace(/[^a-z0-9]+/g, "-")].filter(Boolean).join("-");
      if (request.format === "docx") {
        return {
          fileName: `${base}.docx`,
          contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          body: await reportToDocx(model),
          figures,
        };
      }
      const t = deps.t;
      const body = await reportToXlsx(model, {
        title: model.title,
        infoSheet: t("report.sheet.info"),
        notesSheet: t("report.sheet.notes"),
        notesTitle: t("report.method.title"),
        notes: [...model.method, ...model.sections.flatMap((section) => section.parts.flatMap((part) => part.notes))],
        rows: [
          [t("report.info.plan"), plan.name],
          [t("report.info.period"), periodLabelOf(period, t)],
          [t("report.info.countedUntil"), formatDay(figures.countedUntil)],
          [t("report.info.area"), scope.communeName ?? deps.localities.byCode(plan.province)?.name ?? plan.province],
          [t("report.info.body"), parties.reportingBody.join(" – ")],
          [t("report.info.recipient"), parties.recipient],
        ],
      });
      return { fileName: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body, figures };
    },

    /** The console dashboard's figures for a plan and period: by place and month, the loan budget used, the funnel. */
    async dashboard(planCode: string, periodCode: string, scope: ReportScope) {
      const { plan, today, period, facts, targets } = await inputsFor(planCode, periodCode, scope);
      return {
        plan: plan.code,
        progress: progressByPlaceAndMonth({ facts, targets, period, today, communeKey: scope.communeKey }),
        loanBudget: loanBudgetUse({ plan, facts, period, today }),
        funnel: conversionFunnel({ facts, period, today }),
      };
    },

    /** Reports due within `daysAhead` days, for the plans the caller may see: the console banner. */
    reportingItems(daysAhead: number, scope: ReportScope) {
      const plans = deps.plans.filter((plan) => scope.provinceCode === undefined || plan.province === scope.provinceCode);
      return upcomingReportingItems(plans, vietnamDay(now()), daysAhead);
    },

    /** The reminders to send today (7 and 2 days ahead by default), for a daily job. */
    remindersDue(reminderDays?: readonly number[]) {
      return remindersDue(deps.plans, vietnamDay(now()), reminderDays);
    },

    /** The communes of a plan's province with registrations waiting and nothing recorded in `month`. */
    async communesWithoutRecords(planCode: string, month: string, scope: ReportScope) {
      const plan = planFor(planCode, scope);
      const facts = await deps.facts.read({ provinceCode: plan.province, communeKey: scope.communeKey });
      return communesWithoutRecords(facts, month);
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
