/**
 * A reporting period: a month ("2026-11"), a half-year ("2026-H1", "2026-H2") or a year
 * ("2026"), as calendar days in Vietnam. The plans ask for monthly lists and reports (Sóc
 * Trăng, the 10th), six-monthly reports (Hương Trà, before 20/6) and yearly ones.
 */
export interface ReportPeriod {
  code: string;
  kind: "month" | "half" | "year";
  year: number;
  /** 1 or 2 for a half-year, 1–12 for a month. */
  part: number | null;
  /** Inclusive, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-H([12]))?$/;

export function parseReportPeriod(code: string): ReportPeriod | undefined {
  const match = PERIOD_PATTERN.exec(code);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return undefined;
  if (match[2]) {
    const month = Number(match[2]);
    return { code, kind: "month", year, part: month, firstDay: day(year, month, 1), lastDay: day(year, month, daysIn(year, month)) };
  }
  if (match[3]) {
    const half = Number(match[3]);
    return { code, kind: "half", year, part: half, firstDay: day(year, half === 1 ? 1 : 7, 1), lastDay: half === 1 ? day(year, 6, 30) : day(year, 12, 31) };
  }
  return { code, kind: "year", year, part: null, firstDay: day(year, 1, 1), lastDay: day(year, 12, 31) };
}

/** The months of a period, YYYY-MM, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const first = Number(period.firstDay.slice(5, 7));
  const last = Number(period.lastDay.slice(5, 7));
  return Array.from({ length: last - first + 1 }, (_, index) => `${period.year}-${String(first + index).padStart(2, "0")}`);
}

/** Whether a day (YYYY-MM-DD) falls in [from, to], both inclusive. */
export function within(dayText: string | null, from: string, to: string): dayText is string {
  return dayText !== null && dayText >= from && dayText <= to;
}

/** Whole days from one day to another (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The years a target or budget period covers: "2024" → [2024, 2024], "2021-2025" → [2021, 2025]. */
export function yearsOf(period: string): [number, number] {
  const [first, last = first] = period.split("-").map(Number) as [number, number?];
  return [first, last!];
}

function day(year: number, month: number, dayOfMonth: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar day in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
