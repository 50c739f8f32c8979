export type CellKind = "text" | "count" | "vnd" | "percent";
export type Cell = string | number | null;

/** A table of the report, already in words: the DOCX and the XLSX both draw it. */
export interface ReportTable {
  /** A short name for the spreadsheet's tab (at most 31 characters). */
  sheet: string;
  title: string;
  columns: string[];
  kinds: CellKind[];
  rows: Cell[][];
  /** Rows drawn in bold (totals). */
  boldRows: number[];
  /** Rows whose numbers are đồng although their columns say counts (the summary's money rows). */
  vndRows?: number[];
}

export interface ReportSection {
  heading: string;
  /** Numbered sub-headings with their paragraphs and tables, in order. */
  parts: { heading?: string; paragraphs: string[]; tables: ReportTable[]; notes: string[] }[];
  /** A section for staff to write: this many dotted lines under the heading. */
  blankLines?: number;
}

/** The whole report in words, independent of the file format. */
export interface ReportModel {
  reportingBody: string[];
  numberLine: string;
  placeDateLine: string;
  nationalTitle: string;
  nationalMotto: string;
  title: string;
  subject: string;
  recipientLine: string;
  intro: string[];
  sections: ReportSection[];
  closing: string;
  copiesTitle: string;
  copies: string[];
  signature: string[];
  /** How each figure is counted: the spreadsheet's notes sheet. */
  method: string[];
}

export interface ReportParties {
  reportingBody: string[];
  recipient: string;
  copies: string[];
  communeName?: string;
}
