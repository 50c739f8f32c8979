import path from "node:path";
import type { Texts } from "../shared/index.js";
import type { Plan, PlanTarget } from "../plans/index.js";
import type { Localities, RegistrationFactsReader } from "../registrations/index.js";
import { loadReportTexts } from "./catalogue.js";
import { periodLabelOf } from "./layout.js";
import { parseReportPeriod } from "./period.js";
import { createReportService, type ReportService } from "./service.js";

export {
  reportRequest,
  UnknownPlan,
  InvalidPeriod,
  PeriodNotStarted,
  type ReportRequest,
  type ReportScope,
  type ReportService,
  type ReportFile,
} from "./service.js";
export { computeFigures, type ReportFigures, type Split, type TargetProgress, type BudgetLineUse } from "./figures.js";
export { parseReportPeriod, type ReportPeriod } from "./period.js";
export { formatDay } from "./format.js";
export {
  upcomingReportingItems,
  remindersDue,
  communesWithoutRecords,
  coveredPeriod,
  DEFAULT_REMINDER_DAYS,
  type ReportingItem,
  type DueReminder,
  type CommuneWithoutRecords,
} from "./reminders.js";
export { createReminderDelivery, type ReminderChat, type ReminderLedger, type ReminderRun } from "./reminder-delivery.js";
export { progressByPlaceAndMonth, loanBudgetUse, conversionFunnel, FUNNEL_STEPS } from "./dashboard.js";

export interface Reports {
  service: ReportService;
  /** "2026-11" → "Tháng 11/2026", as the reports write a period. */
  periodLabel(period: string): string;
}

/** The plans' period reports (DOCX, XLSX), their dashboard figures and reporting reminders. */
export function createReports(deps: {
  facts: RegistrationFactsReader;
  plans: Plan[];
  listTargets(filter: { plan: string }): Promise<PlanTarget[]>;
  localities: Localities;
  texts: Texts;
  contentDir: string;
  now?: () => Date;
}): Reports {
  const t = loadReportTexts(path.join(deps.contentDir, "reports", "vi.yaml"));
  const service = createReportService({ ...deps, t });
  return {
    service,
    periodLabel(period) {
      const parsed = parseReportPeriod(period);
      return parsed ? periodLabelOf(parsed, t) : period;
    },
  };
}
export { PERIOD_PATTERN } from "./period.js";
