import type { Plan, ScheduleItem } from "./catalogue.js";

/** One upcoming report or list a plan asks for. Dates are calendar dates (YYYY-MM-DD). */
export interface Deadline {
  plan: string;
  planName: string;
  provinceCode: string;
  what: string;
  date: string;
  /** 0 when it is due today. */
  daysLeft: number;
  source: string;
  /** false when the date was not found in the plan's documents. */
  confirmed: boolean;
}

/**
 * The next occurrence, on or after `from`, of every item of every plan's reporting schedule,
 * soonest first. A day past the end of a month falls on its last day (31 → 30 April).
 */
export function upcomingDeadlines(plans: Plan[], from: string): Deadline[] {
  const [year, month, day] = from.split("-").map(Number) as [number, number, number];
  const today = Date.UTC(year, month - 1, day);
  return plans
    .flatMap((plan) =>
      plan.schedule.map((item) => {
        const due = nextOccurrence(item, year, month, today);
        return {
          plan: plan.code,
          planName: plan.name,
          provinceCode: plan.province,
          what: item.what,
          date: new Date(due).toISOString().slice(0, 10),
          daysLeft: Math.round((due - today) / 86_400_000),
          source: item.source,
          confirmed: item.confirmed,
        };
      }),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.plan.localeCompare(b.plan));
}

function nextOccurrence(item: ScheduleItem, year: number, month: number, today: number): number {
  if (item.every === "month") {
    const thisMonth = dateIn(year, month, item.day);
    return thisMonth >= today ? thisMonth : dateIn(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, item.day);
  }
  const thisYear = dateIn(year, item.month, item.day);
  return thisYear >= today ? thisYear : dateIn(year + 1, item.month, item.day);
}

function dateIn(year: number, month: number, day: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Date.UTC(year, month - 1, Math.min(day, lastDay));
}
