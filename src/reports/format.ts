/** 2024-06-12 → 12/06/2024 */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

/** 1234567 → "1.234.567", as Vietnamese documents write numbers. */
export function formatNumber(value: number): string {
  return value.toLocaleString("de-DE");
}

/** 12.5 → "12,5" */
export function formatPercent(value: number): string {
  return value.toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
