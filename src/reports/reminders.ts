import { upcomingDeadlines, type Deadline, type Plan } from "../plans/index.js";
import type { RegistrationFacts, RegistrationStatus } from "../registrations/index.js";
import { parseReportPeriod } from "./period.js";

/** A reporting deadline with the period its report covers, ready to prepare. */
export interface ReportingItem extends Deadline {
  /** The report period code to produce for it (`2026-H1`, `2026`, `2026-10`). */
  period: string;
}

/** A reminder to send today: the item, and a key the sender stores so it never sends it twice. */
export interface DueReminder extends ReportingItem {
  key: string;
}

/** The default reminder days: a week before, then two days before. */
export const DEFAULT_REMINDER_DAYS = [7, 2] as const;

/**
 * The period a schedule item's report covers. A monthly item (the list of the 10th) covers the
 * month before its date; a yearly item due in the first half of the year (Hương Trà's "before
 * 20/6") covers that first half; a yearly item due later (before 30/11, on 10/12) the year.
 */
export function coveredPeriod(every: "month" | "year", dueDate: string): string {
  const [year, month] = dueDate.split("-").map(Number) as [number, number];
  if (every === "month") return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
  return month <= 6 ? `${year}-H1` : String(year);
}

/**
 * The reports due within `daysAhead` days of `today` (0: today), soonest first, each with the
 * period to produce: what the console's banner shows.
 */
export function upcomingReportingItems(plans: Plan[], today: string, daysAhead: number): ReportingItem[] {
  return upcomingDeadlines(plans, today)
    .filter((deadline) => deadline.daysLeft <= daysAhead)
    .map((deadline) => {
      const item = plans.find((plan) => plan.code === deadline.plan)!.schedule.find((candidate) => candidate.what === deadline.what)!;
      const period = coveredPeriod(item.every, deadline.date);
      if (!parseReportPeriod(period)) throw new Error(`no report period for ${deadline.plan} ${deadline.what}`);
      return { ...deadline, period };
    });
}

/**
 * The reminders to send on `today`: the items exactly `reminderDays` days ahead (7 and 2 by
 * default). A daily job sends each to the staff of the plan's province who linked a Telegram
 * or Zalo account, and stores `key` so that a restart the same day does not send it again.
 */
export function remindersDue(plans: Plan[], today: string, reminderDays: readonly number[] = DEFAULT_REMINDER_DAYS): DueReminder[] {
  const furthest = Math.max(0, ...reminderDays);
  return upcomingReportingItems(plans, today, furthest)
    .filter((item) => reminderDays.includes(item.daysLeft))
    .map((item) => ({ ...item, key: `${item.plan}|${item.what}|${item.date}|${item.daysLeft}` }));
}

// Registrations waiting for something to be recorded: a contact made, a loan being decided, a departure.
const OPEN: RegistrationStatus[] = ["contacted", "eligible", "loan_applied"];

export interface CommuneWithoutRecords {
  communeKey: string;
  communeName: string | null;
  /** Registrations of the commune still waiting for an outcome. */
  openRegistrations: number;
  /** The last day anything was recorded for the commune before the month ended, if ever. */
  lastRecordedOn: string | null;
}

/**
 * The communes (of the facts given: one province) that have registrations waiting for an
 * outcome and where staff recorded nothing — no outcome, no status change — during `month`
 * (YYYY-MM). What the dashboard lists and the reminders name.
 */
export function communesWithoutRecords(facts: RegistrationFacts[], month: string): CommuneWithoutRecords[] {
  const first = `${month}-01`;
  const last = `${month}-31`;
  const communes = new Map<string, { name: string | null; open: number; recordedInMonth: boolean; lastRecordedOn: string | null }>();
  for (const registration of facts) {
    if (registration.communeKey === null) continue;
    const commune = communes.get(registration.communeKey) ?? { name: registration.communeName, open: 0, recordedInMonth: false, lastRecordedOn: null };
    if (OPEN.includes(registration.status)) commune.open++;
    for (const day of registration.recordedOn) {
      if (day >= first && day <= last) commune.recordedInMonth = true;
      if (day <= last && (commune.lastRecordedOn === null || day > commune.lastRecordedOn)) commune.lastRecordedOn = day;
    }
    communes.set(registration.communeKey, commune);
  }
  return [...communes.entries()]
    .filter(([, commune]) => commune.open > 0 && !commune.recordedInMonth)
    .map(([communeKey, commune]) => ({ communeKey, communeName: commune.name, openRegistrations: commune.open, lastRecordedOn: commune.lastRecordedOn }))
    .sort((a, b) => b.openRegistrations - a.openRegistrations || (a.communeName ?? a.communeKey).localeCompare(b.communeName ?? b.communeKey, "vi"));
}
