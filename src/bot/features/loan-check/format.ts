import type { Locale, Source, Turn } from "../../core/index.js";
import type { LoanSource } from "../../../loans/index.js";

// Vietnamese groups thousands with "." and writes decimals with ","; English the other way.
const numberLocale: Record<Locale, string> = { vi: "vi-VN", en: "en-US" };

export function money(turn: Turn, vnd: number): string {
  return turn.t("loan.money", { amount: new Intl.NumberFormat(numberLocale[turn.state.locale]).format(vnd) });
}

export function percent(turn: Turn, value: number): string {
  return new Intl.NumberFormat(numberLocale[turn.state.locale], { maximumFractionDigits: 3 }).format(value);
}

export function duration(turn: Turn, months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return turn.t("loan.duration.months", { months });
  if (rest === 0) return turn.t("loan.duration.years", { months, years });
  return turn.t("loan.duration.yearsMonths", { months, years, rest });
}

/** "2025-12-27" → "27/12/2025", "2025-12" → "12/2025": both locales read day first here. */
export function partialDate(date: string): string {
  return date.split("-").reverse().join("/");
}

export function toReplySources(sources: LoanSource[]): Source[] {
  return sources.map(({ grade: _grade, ...source }) => source);
}
