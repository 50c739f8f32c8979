import type { Texts } from "../shared/index.js";
import type { Locale } from "../shared/index.js";
import type { Localities } from "./localities.js";
import type { StaffRecord } from "./registration-codec.js";
import { formatDate, formatPhoneNational, vietnamToday } from "./validators.js";

/** The plans' Phụ lục IV: one row per person, then totals by country and programme. */
export interface MonthlyList {
  title: string;
  subtitle: string;
  columns: string[];
  rows: (string | number | null)[][];
  totalsTitle: string;
  totalsColumns: string[];
  totals: (string | number)[][];
}

export const LIST_COLUMNS = [
  "number",
  "fullName",
  "birthDate",
  "gender",
  "citizenId",
  "address",
  "phone",
  "education",
  "occupation",
  "country",
  "programme",
  "loanNeeded",
  "loanAmount",
  "priorityGroup",
  "registeredOn",
  "note",
] as const;

export function buildMonthlyList(
  records: StaffRecord[],
  query: { month: string; provinceCode: string; commune?: string },
  deps: { texts: Texts; localities: Localities; locale?: Locale },
): MonthlyList {
  const locale = deps.locale ?? "vi";
  const t = (key: string, params?: Record<string, string | number>) => deps.texts.t(locale, key, params);
  const label = (field: string, value: string | null) =>
    value === null ? "" : deps.texts.has(`reg.choice.${field}.${value}`) ? t(`reg.choice.${field}.${value}`) : value;
  const province = deps.localities.byCode(query.provinceCode);
  const [year, month] = query.month.split("-");

  const rows = records.map((record, index) => [
    index + 1,
    record.fullName,
    record.birthDate ? formatDate(record.birthDate) : "",
    label("gender", record.gender),
    record.citizenId,
    [record.communeName, province?.name].filter(Boolean).join(", "),
    record.phone ? formatPhoneNational(record.phone) : "",
    label("education", record.education),
    label("occupation", record.occupation),
    label("country", record.desiredCountry),
    label("programme", record.programme),
    t(record.loanNeeded ? "reg.list.yes" : "reg.list.no"),
    record.loanAmountVnd,
    label("priorityGroup", record.priorityGroup),
    formatDate(vietnamToday(record.createdAt)),
    [record.status === "submitted" ? "" : label("status", record.status), record.note ?? ""].filter(Boolean).join("; "),
  ]);

  const groups = new Map<string, { country: string; programme: string; count: number; loans: number; amount: number }>();
  for (const record of records) {
    const key = `${record.desiredCountry}|${record.programme}`;
    const group = groups.get(key) ?? {
      country: label("country", record.desiredCountry),
      programme: label("programme", record.programme),
      count: 0,
      loans: 0,
      amount: 0,
    };
    group.count++;
    if (record.loanNeeded) group.loans++;
    group.amount += record.loanAmountVnd ?? 0;
    groups.set(key, group);
  }
  const totals: (string | number)[][] = [...groups.values()]
    .sort((a, b) => a.country.localeCompare(b.country, "vi") || a.programme.localeCompare(b.programme, "vi"))
    .map((g) => [g.country, g.programme, g.count, g.loans, g.amount]);
  totals.push([
    t("reg.list.total"),
    "",
    records.length,
    records.filter((r) => r.loanNeeded).length,
    records.reduce((sum, r) => sum + (r.loanAmountVnd ?? 0), 0),
  ]);

  return {
    title: t("reg.list.title"),
    subtitle: t("reg.list.subtitle", {
      month: `${month}/${year}`,
      place: [query.commune, province?.name ?? query.provinceCode].filter(Boolean).join(", "),
    }),
    columns: LIST_COLUMNS.map((column) => t(`reg.list.col.${column}`)),
    rows,
    totalsTitle: t("reg.list.totalsTitle"),
    totalsColumns: ["country", "programme", "count", "loans", "amount"].map((column) => t(`reg.list.totals.${column}`)),
    totals,
  };
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab/CR that hides one) as
 * a formula: "=HYPERLINK(…)" typed as an occupation would run on the officer's computer.
 * A leading apostrophe makes it plain text (OWASP "CSV injection").
 */
export function neutraliseCell(value: string): string {
  return /^(\s*[=+\-@]|[\t\r])/.test(value) ? `'${value}` : value;
}

/**
 * A CSV cell must also be safe where Excel starts a cell inside it: Vietnamese Windows uses
 * ";" as the list separator, and Excel there splits a comma-separated file on every ";" (and
 * on line breaks), quotes or not. So "thợ hàn;=HYPERLINK(…)" would put a formula in the next
 * cell: an apostrophe goes after every such ";" or line break, as at the start.
 */
export function neutraliseCsvCell(value: string): string {
  return neutraliseCell(value).replace(/([;\r\n])(?=[ \t]*[=+\-@])/g, "$1'");
}

const safe = (value: string | number | null) => (typeof value === "string" ? neutraliseCell(value) : value);
const safeInCsv = (value: string | number | null) => (typeof value === "string" ? neutraliseCsvCell(value) : value);

/** Sheet 1: title, subtitle, blank, header, rows. Sheet 2: totals. */
export async function monthlyListToXlsx(list: MonthlyList): Promise<Buffer> {
  // Loaded on the first export: the heaviest module of the server (≈ 0.3 s and 28 MB at start).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "xkld-assistant";
  const sheet = workbook.addWorksheet("Danh sách", { pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1 } });
  sheet.addRow([safe(list.title)]).font = { bold: true, size: 13 };
  sheet.addRow([safe(list.subtitle)]).font = { italic: true };
  sheet.addRow([]);
  const header = sheet.addRow(list.columns.map(safe));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  for (const row of list.rows) sheet.addRow(row.map(safe));
  const amountColumn = LIST_COLUMNS.indexOf("loanAmount") + 1;
  sheet.getColumn(amountColumn).numFmt = "#,##0";
  // Citizen IDs and phones keep their leading zeros: they are text, never numbers.
  sheet.columns.forEach((column, index) => (column.width = [5, 24, 12, 8, 15, 36, 14, 16, 20, 12, 20, 8, 14, 18, 12, 20][index] ?? 14));
  sheet.views = [{ state: "frozen", ySplit: 4 }];

  const totals = workbook.addWorksheet("Tổng hợp");
  totals.addRow([safe(list.totalsTitle)]).font = { bold: true };
  totals.addRow(list.totalsColumns.map(safe)).font = { bold: true };
  for (const row of list.totals) totals.addRow(row.map(safe));
  totals.getColumn(5).numFmt = "#,##0";
  totals.columns.forEach((column, index) => (column.width = [16, 24, 10, 10, 16][index] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** UTF-8 with a byte-order mark, so Excel shows Vietnamese; RFC 4180 quoting, CRLF. */
export function monthlyListToCsv(list: MonthlyList): Buffer {
  const line = (cells: (string | number | null)[]) => cells.map((cell) => csvField(safeInCsv(cell))).join(",");
  const lines = [
    line([list.title]),
    line([list.subtitle]),
    line(list.columns),
    ...list.rows.map(line),
    "",
    line([list.totalsTitle]),
    line(list.totalsColumns),
    ...list.totals.map(line),
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")]);
}

function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
