import { simplify as fold } from "../shared/index.js";
import { parseCsv, type CsvRecord } from "./csv.js";

export type CompanyStatus = "licensed" | "revoked";

/** What staff give for one company, from the console or one line of a CSV file. */
export interface CompanyFields {
  name: string;
  licenceNumber: string | null;
  status: CompanyStatus;
  address: string | null;
  note: string | null;
  /** yyyy-mm-dd */
  listDate: string;
}

/** One line of an import: the company it describes (with its key), or why it cannot be read. */
export type CompanyRow =
  | { line: number; ok: true; fields: Partial<CompanyFields> & Pick<CompanyFields, "name" | "status" | "listDate">; nameKey: string }
  | { line: number; ok: false; name?: string; reason: string; problem: CsvProblem };

/**
 * Why a line or a file cannot be read, as a code and its values: the console words it in
 * Vietnamese (`co.problem.<code>`); `reason`/`message` keep the English for API scripts and logs.
 */
export interface CsvProblem {
  code: string;
  params?: Record<string, string | number>;
}

/** The file as a whole cannot be read: no header, unknown columns, too many rows. */
export class CsvRejected extends Error {
  override name = "CsvRejected";
  constructor(
    message: string,
    readonly problem: CsvProblem,
  ) {
    super(message);
  }
}

export const LIMITS = { name: 300, licenceNumber: 100, address: 500, note: 1000 } as const;

type Column = keyof CompanyFields;

// Folded: "Số giấy phép", "so giay phep" and "SO_GIAY_PHEP" are the same column.
const COLUMN_NAMES: Record<Column | "ignored", string[]> = {
  name: ["ten", "ten cong ty", "ten doanh nghiep", "name", "company", "company name"],
  licenceNumber: ["so giay phep", "giay phep", "licence number", "license number", "licence", "license"],
  status: ["trang thai", "tinh trang", "status"],
  address: ["dia chi", "tru so", "address"],
  note: ["ghi chu", "note", "notes"],
  listDate: ["ngay danh sach", "list date"],
  // The row number official lists start with.
  ignored: ["stt", "no"],
};

const STATUS_WORDS: Record<string, CompanyStatus> = {
  "duoc cap phep": "licensed",
  "cap phep": "licensed",
  licensed: "licensed",
  "da thu hoi": "revoked",
  "bi thu hoi": "revoked",
  "thu hoi": "revoked",
  revoked: "revoked",
};

/**
 * Reads an uploaded list into one row per line. A column left out keeps what is stored; an
 * empty cell in an optional column clears it. The same company twice is an error on the later line.
 */
export function readCompanyRows(csv: string, options: { keyOf(name: string): string; maxRows: number }): CompanyRow[] {
  const [header, ...records] = parseCsv(csv);
  if (!header) throw new CsvRejected("the file is empty", { code: "empty" });
  if (records.length > options.maxRows) {
    throw new CsvRejected(`has ${records.length} rows; at most ${options.maxRows} can be imported at once`, {
      code: "tooManyRows",
      params: { rows: records.length, max: options.maxRows },
    });
  }
  const columns = columnsOf(header);
  const firstLineOf = new Map<string, number>();
  return records.map((record) => {
    const row = readRow(record, columns, options.keyOf);
    if (!row.ok) return row;
    const earlier = firstLineOf.get(row.nameKey);
    if (earlier !== undefined) {
      return {
        line: row.line,
        ok: false,
        name: row.fields.name,
        reason: `the same company as line ${earlier}`,
        problem: { code: "repeated", params: { line: earlier } },
      };
    }
    firstLineOf.set(row.nameKey, row.line);
    return row;
  });
}

function columnsOf(header: CsvRecord): (Column | undefined)[] {
  const columns = header.fields.map((title) => {
    const folded = fold(title);
    const column = (Object.keys(COLUMN_NAMES) as (Column | "ignored")[]).find((candidate) => COLUMN_NAMES[candidate].includes(folded));
    if (column === undefined && folded !== "")
      throw new CsvRejected(`unknown column "${title.trim()}" in the header`, { code: "unknownColumn", params: { column: title.trim() } });
    return column === "ignored" ? undefined : column;
  });
  for (const required of ["name", "status", "listDate"] as const) {
    if (!columns.includes(required))
      throw new CsvRejected(`the header has no ${COLUMN_TITLES[required]} column`, { code: "missingColumn", params: { column: COLUMN_TITLES[required] } });
  }
  const repeated = columns.find((column, index) => column !== undefined && columns.indexOf(column) !== index);
  if (repeated)
    throw new CsvRejected(`the header has the ${COLUMN_TITLES[repeated]} column twice`, { code: "columnTwice", params: { column: COLUMN_TITLES[repeated] } });
  return columns;
}

const COLUMN_TITLES: Record<Column, string> = {
  name: "tên/name",
  licenceNumber: "số giấy phép/licence_number",
  status: "trạng thái/status",
  address: "địa chỉ/address",
  note: "ghi chú/note",
  listDate: "ngày danh sách/list_date",
};

function readRow(record: CsvRecord, columns: (Column | undefined)[], keyOf: (name: string) => string): CompanyRow {
  const line = record.line;
  const cells: Partial<Record<Column, string>> = {};
  for (const [index, value] of record.fields.entries()) {
    const column = columns[index];
    if (column) cells[column] = value.replace(/\s+/g, " ").trim();
    else if (index >= columns.length && value.trim() !== "") {
      return {
        line,
        ok: false,
        reason: `has more fields than the header (${columns.length})`,
        problem: { code: "tooManyFields", params: { count: columns.length } },
      };
    }
  }
  const name = cells.name ?? "";
  const fail = (reason: string, problem: CsvProblem): CompanyRow => ({ line, ok: false, ...(name ? { name } : {}), reason, problem });
  if (!name) return fail("the name is empty", { code: "nameEmpty" });
  const nameKey = keyOf(name);
  if (!nameKey) return fail("the name has nothing but company-type words", { code: "nameOnlyType" });
  const status = STATUS_WORDS[fold(cells.status ?? "")];
  if (!status)
    return fail(`unknown status "${cells.status ?? ""}" (được cấp phép, đã thu hồi, licensed or revoked)`, {
      code: "status",
      params: { value: cells.status ?? "" },
    });
  const listDate = parseListDate(cells.listDate ?? "");
  if (!listDate) return fail(`"${cells.listDate ?? ""}" is not a date (dd/mm/yyyy or yyyy-mm-dd)`, { code: "date", params: { value: cells.listDate ?? "" } });
  for (const column of ["name", "licenceNumber", "address", "note"] as const) {
    if ((cells[column]?.length ?? 0) > LIMITS[column]) {
      return fail(`${COLUMN_TITLES[column]} is longer than ${LIMITS[column]} characters`, {
        code: "tooLong",
        params: { column: COLUMN_TITLES[column], max: LIMITS[column] },
      });
    }
  }
  const optional = (column: "licenceNumber" | "address" | "note") => (column in cells ? { [column]: cells[column] || null } : {});
  return {
    line,
    ok: true,
    nameKey,
    fields: { name, status, listDate, ...optional("licenceNumber"), ...optional("address"), ...optional("note") },
  };
}

/** "05/03/2025", "5/3/2025" or "2025-03-05" → "2025-03-05"; undefined when not a real day. */
export function parseListDate(text: string): string | undefined {
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!year || !month || !day) return undefined;
  if (Number(year) < 2000 || Number(year) > 2100) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return date.toISOString().slice(0, 10);
}
