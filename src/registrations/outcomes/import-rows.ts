import { CsvSyntaxError, parseCsv, parseListDate, type CsvRecord } from "../../companies/index.js";
import { parseAmount } from "../../loans/index.js";
import { simplify as fold } from "../../shared/index.js";
import { COUNTRY_ALIASES } from "../catalogue.js";
import {
  CAPITAL_LINES,
  DEPARTURE_PROGRAMMES,
  DESTINATION_COUNTRIES,
  EARLY_RETURN_REASONS,
  LOAN_PROGRAMMES,
  OUTCOME_KINDS,
  RETURN_KINDS,
  SUPPORT_KINDS,
  type OutcomeKind,
} from "./catalogue.js";
import type { OutcomeLabels } from "./labels.js";
import { outcomeInput, type OutcomeInput } from "./rules.js";

/** A problem of a line or of the file, as a text key of outcome.* and its values. */
export interface ImportProblem {
  key: string;
  params?: Record<string, string | number>;
}

/** One line of an outcome file: what it records, or why it cannot be read. */
export type OutcomeRow =
  | { line: number; ok: true; referenceCode: string; input: OutcomeInput; note: string | null }
  | { line: number; ok: false; referenceCode?: string; problems: ImportProblem[] };

/** The file as a whole cannot be read: empty, too long, an unknown or missing column. */
export class OutcomeFileRejected extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.key);
    this.name = "OutcomeFileRejected";
  }
}

const COLUMNS = [
  "referenceCode",
  "kind",
  "occurredOn",
  "amountVnd",
  "loanProgramme",
  "capitalLine",
  "supportKind",
  "country",
  "programme",
  "companyName",
  "returnKind",
  "returnReason",
  "note",
] as const;
type Column = (typeof COLUMNS)[number];

// Folded header titles. A bank's or a company's file also carries the person's name, birth
// date or ID number: those columns are read past and never stored.
const COLUMN_TITLES: Record<Column | "ignored", string[]> = {
  referenceCode: ["ma dang ky", "ma so dang ky", "ma", "reference", "reference code", "code"],
  kind: ["ket qua", "loai ket qua", "loai", "noi dung", "kind", "outcome"],
  occurredOn: ["ngay", "ngay phat sinh", "ngay thuc hien", "date"],
  amountVnd: ["so tien", "so tien dong", "so tien vnd", "so tien vay", "so tien giai ngan", "so tien duyet", "so tien ho tro", "amount", "amount vnd"],
  loanProgramme: ["chuong trinh vay", "loai vay", "loan programme", "loan program"],
  capitalLine: ["nguon von", "capital line", "capital"],
  supportKind: ["loai ho tro", "support kind", "support"],
  country: ["nuoc den", "nuoc", "thi truong", "country"],
  programme: ["chuong trinh", "chuong trinh di", "programme", "program"],
  companyName: ["doanh nghiep", "cong ty", "ten doanh nghiep", "company"],
  returnKind: ["ve nuoc", "hinh thuc ve nuoc", "return kind", "return"],
  returnReason: ["ly do", "ly do ve nuoc", "reason"],
  note: ["ghi chu", "note", "notes"],
  ignored: ["stt", "tt", "no", "ho ten", "ho va ten", "ten", "ngay sinh", "so cccd", "cccd", "so dien thoai", "dia chi", "name", "full name"],
};

/** Which columns each kind of outcome reads; a filled cell of another column is a mistake. */
const FIELDS: Record<OutcomeKind, { required: Column[]; optional: Column[] }> = {
  loan_applied: { required: ["amountVnd", "loanProgramme"], optional: [] },
  loan_approved: { required: [], optional: ["amountVnd", "loanProgramme"] },
  loan_refused: { required: [], optional: ["loanProgramme"] },
  loan_disbursed: { required: ["amountVnd"], optional: ["loanProgramme", "capitalLine"] },
  support_paid: { required: ["amountVnd"], optional: ["supportKind"] },
  departed: { required: ["country"], optional: ["programme", "companyName"] },
  returned: { required: ["returnKind"], optional: ["returnReason"] },
};
const ALWAYS: Column[] = ["referenceCode", "kind", "occurredOn", "note"];

const EXTRA_WORDS: Partial<Record<Column, Record<string, string>>> = {
  kind: {
    "nop ho so vay": "loan_applied",
    "nop ho so": "loan_applied",
    "de nghi vay": "loan_applied",
    "duyet vay": "loan_approved",
    "duoc duyet": "loan_approved",
    "phe duyet": "loan_approved",
    "tu choi vay": "loan_refused",
    "tu choi": "loan_refused",
    "khong duyet": "loan_refused",
    "khong duoc duyet": "loan_refused",
    "giai ngan": "loan_disbursed",
    "ho tro chi phi": "support_paid",
    "ho tro chi phi ban dau": "support_paid",
    "nhan ho tro": "support_paid",
    "xuat canh": "departed",
    "da xuat canh": "departed",
    "ve nuoc": "returned",
    "da ve nuoc": "returned",
  },
  loanProgramme: {
    "nd 338": "national",
    "338": "national",
    "nghi dinh 338": "national",
    "quoc gia": "national",
    "ky quy eps": "eps_deposit",
    eps: "eps_deposit",
    "ky quy": "eps_deposit",
    "ngan sach dia phuong": "local",
    "dia phuong": "local",
    "ngan sach tinh": "local",
  },
  capitalLine: { "trung uong": "central", "dia phuong": "local", "ngan sach dia phuong": "local" },
  supportKind: { "chi phi ban dau": "initial_cost" },
  programme: { tts: "technical_intern", "thuc tap sinh": "technical_intern", tokutei: "ssw", "du hoc": "work_study" },
  returnKind: { "truoc han": "early", "dung han": "at_term", "het han hop dong": "at_term", "het han": "at_term" },
  returnReason: { "suc khoe": "health", "gia dinh": "family", khac: "other" },
  country: { ...COUNTRY_ALIASES, khac: "other", malaysia: "other", rumani: "other", hungary: "other" },
};

/** Words staff and partners write for each code: the code, its labels, and usual short forms. */
export function outcomeVocabulary(labels: OutcomeLabels[]) {
  const codes: Partial<Record<Column, readonly string[]>> = {
    kind: OUTCOME_KINDS,
    loanProgramme: LOAN_PROGRAMMES,
    capitalLine: CAPITAL_LINES,
    supportKind: SUPPORT_KINDS,
    country: DESTINATION_COUNTRIES,
    programme: DEPARTURE_PROGRAMMES,
    returnKind: RETURN_KINDS,
    returnReason: EARLY_RETURN_REASONS,
  };
  const labelOf = (label: OutcomeLabels, column: Column, code: string): string => {
    switch (column) {
      case "kind":
        return label.kind(code);
      case "loanProgramme":
        return label.loanProgramme(code);
      case "capitalLine":
        return label.capitalLine(code);
      case "supportKind":
        return label.supportKind(code);
      case "country":
        return label.country(code);
      case "programme":
        return label.programme(code);
      case "returnKind":
        return label.returnKind(code);
      default:
        return label.returnReason(code);
    }
  };
  const words = new Map<Column, Map<string, string>>();
  for (const [column, list] of Object.entries(codes) as [Column, readonly string[]][]) {
    const map = new Map<string, string>();
    for (const code of list) {
      map.set(fold(code.replace(/_/g, " ")), code);
      map.set(code, code);
      for (const label of labels) map.set(fold(labelOf(label, column, code)), code);
    }
    for (const [word, code] of Object.entries(EXTRA_WORDS[column] ?? {})) {
      if (list.includes(code)) map.set(word, code);
    }
    words.set(column, map);
  }
  return (column: Column, text: string) => words.get(column)?.get(fold(text));
}
export type OutcomeVocabulary = ReturnType<typeof outcomeVocabulary>;

/**
 * Reads an outcome file (CSV as spreadsheets save it: BOM, comma or semicolon, quotes) into
 * one row per line. The header's columns may come in any order and under Vietnamese or
 * English titles; a line's problems are all listed, not only the first.
 */
export function readOutcomeRows(csv: string, options: { words: OutcomeVocabulary; maxRows: number }): OutcomeRow[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new OutcomeFileRejected({ key: "outcome.file.syntax", params: { line: error.line } });
    throw error;
  }
  const [header, ...lines] = records;
  if (!header) throw new OutcomeFileRejected({ key: "outcome.file.empty" });
  if (lines.length > options.maxRows) throw new OutcomeFileRejected({ key: "outcome.file.tooManyRows", params: { rows: lines.length, max: options.maxRows } });
  const columns = columnsOf(header);
  const firstLineOf = new Map<string, number>();
  return lines.map((record) => {
    const row = readLine(record, columns, options.words);
    if (!row.ok) return row;
    // The same line twice in one file is a copying mistake, not two payments.
    const key = JSON.stringify([row.referenceCode, row.input]);
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined)
      return { line: row.line, ok: false, referenceCode: row.referenceCode, problems: [{ key: "outcome.import.sameAsLine", params: { line: earlier } }] };
    firstLineOf.set(key, row.line);
    return row;
  });
}

function columnsOf(header: CsvRecord): (Column | undefined)[] {
  const columns = header.fields.map((title) => {
    const folded = fold(title).replace(/[()]/g, " ").replace(/\s+/g, " ").trim();
    const column = (Object.keys(COLUMN_TITLES) as (Column | "ignored")[]).find((candidate) => COLUMN_TITLES[candidate].includes(folded));
    if (column === undefined && folded !== "") throw new OutcomeFileRejected({ key: "outcome.file.unknownColumn", params: { title: title.trim() } });
    return column === "ignored" ? undefined : column;
  });
  for (const required of ["referenceCode", "kind", "occurredOn"] as const) {
    if (!columns.includes(required)) throw new OutcomeFileRejected({ key: "outcome.file.noColumn", params: { column: required } });
  }
  const repeated = columns.find((column, index) => column !== undefined && columns.indexOf(column) !== index);
  if (repeated) throw new OutcomeFileRejected({ key: "outcome.file.columnTwice", params: { column: repeated } });
  return columns;
}

function readLine(record: CsvRecord, columns: (Column | undefined)[], words: OutcomeVocabulary): OutcomeRow {
  const line = record.line;
  const cells: Partial<Record<Column, string>> = {};
  const problems: ImportProblem[] = [];
  for (const [index, value] of record.fields.entries()) {
    const column = columns[index];
    const text = value.replace(/\s+/g, " ").trim();
    if (column && text) cells[column] = text;
    else if (index >= columns.length && text) problems.push({ key: "outcome.import.tooManyFields" });
  }
  const referenceCode = normaliseReference(cells.referenceCode);
  if (!referenceCode) problems.push({ key: "outcome.import.referenceMissing" });
  const kind = cells.kind ? (words("kind", cells.kind) as OutcomeKind | undefined) : undefined;
  if (!kind)
    problems.push(
      cells.kind ? { key: "outcome.import.kindUnknown", params: { value: cells.kind } } : { key: "outcome.import.valueMissing", params: { column: "kind" } },
    );
  const occurredOn = cells.occurredOn ? parseListDate(cells.occurredOn) : undefined;
  if (!occurredOn)
    problems.push(
      cells.occurredOn
        ? { key: "outcome.import.dateInvalid", params: { value: cells.occurredOn } }
        : { key: "outcome.import.valueMissing", params: { column: "occurredOn" } },
    );
  if (!kind) return { line, ok: false, ...(referenceCode ? { referenceCode } : {}), problems };

  const fields = FIELDS[kind];
  const input: Record<string, unknown> = { kind, occurredOn };
  for (const column of COLUMNS) {
    const text = cells[column];
    if (ALWAYS.includes(column)) continue;
    const used = fields.required.includes(column) || fields.optional.includes(column);
    if (!text) {
      if (fields.required.includes(column))
        problems.push({ key: column === "amountVnd" ? "outcome.import.amountMissing" : "outcome.import.valueMissing", params: { column } });
      continue;
    }
    if (!used) {
      problems.push({ key: "outcome.import.fieldNotUsed", params: { column } });
      continue;
    }
    if (column === "amountVnd") {
      const amount = parseAmount(text);
      if (amount.ok) input.amountVnd = amount.vnd;
      else problems.push({ key: "outcome.import.amountInvalid", params: { value: text } });
    } else if (column === "companyName") {
      input.companyName = text.slice(0, 300);
    } else {
      const code = words(column, text);
      if (code) input[column] = code;
      else problems.push({ key: "outcome.import.valueUnknown", params: { column, value: text } });
    }
  }
  if (problems.length) return { line, ok: false, ...(referenceCode ? { referenceCode } : {}), problems };
  const parsed = outcomeInput.safeParse(input);
  if (!parsed.success) {
    // The reader above builds only what the schema accepts; should it not, name the field.
    const column = String(parsed.error.issues[0]?.path[0] ?? "kind");
    return {
      line,
      ok: false,
      referenceCode: referenceCode!,
      problems: [{ key: "outcome.import.valueUnknown", params: { column, value: cells[column as Column] ?? "" } }],
    };
  }
  return { line, ok: true, referenceCode: referenceCode!, input: parsed.data, note: cells.note ? cells.note.slice(0, 500) : null };
}

/** "dk-abc234", "DK ABC234", "ABC234" → "DK-ABC234"; undefined when it cannot be a code. */
export function normaliseReference(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const compact = text.toUpperCase().replace(/[\s._-]/g, "");
  const match = /^(?:DK)?([A-Z0-9]{6})$/.exec(compact);
  return match ? `DK-${match[1]}` : undefined;
}
