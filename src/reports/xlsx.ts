import { neutraliseCell } from "../registrations/index.js";
import type { ReportModel, ReportTable } from "./report-model.js";

export interface WorkbookInfo {
  title: string;
  rows: [string, string][];
  notesTitle: string;
  notes: string[];
  infoSheet: string;
  notesSheet: string;
}

const safe = (value: string | number | null) => (typeof value === "string" ? neutraliseCell(value) : value);

/**
 * The tables behind the report, one sheet each, numbers as numbers (staff re-use them in
 * their own spreadsheets): a first sheet says which plan, period and area; the last one how
 * each figure is counted and how old place names map to today's.
 */
export async function reportToXlsx(model: ReportModel, info: WorkbookInfo): Promise<Buffer> {
  // Loaded on the first export: the heaviest module of the server.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "xkld-assistant";

  const first = workbook.addWorksheet(info.infoSheet);
  first.addRow([safe(info.title)]).font = { bold: true, size: 13 };
  first.addRow([safe(model.subject)]).font = { italic: true };
  first.addRow([]);
  for (const [label, value] of info.rows) first.addRow([safe(label), safe(value)]);
  first.getColumn(1).width = 28;
  first.getColumn(2).width = 90;

  const tables = model.sections.flatMap((section) => section.parts.flatMap((part) => part.tables));
  for (const table of tables) addTable(workbook.addWorksheet(sheetName(table.sheet)), table);

  const notes = workbook.addWorksheet(info.notesSheet);
  notes.addRow([safe(info.notesTitle)]).font = { bold: true };
  for (const note of info.notes) notes.addRow([safe(note)]).alignment = { wrapText: true, vertical: "top" };
  notes.getColumn(1).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addTable(sheet: import("exceljs").Worksheet, table: ReportTable) {
  sheet.addRow([safe(table.title)]).font = { bold: true, size: 12 };
  sheet.addRow([]);
  const header = sheet.addRow(table.columns.map(safe));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  for (const [index, cells] of table.rows.entries()) {
    const row = sheet.addRow(cells.map(safe));
    if (table.boldRows.includes(index)) row.font = { bold: true };
    cells.forEach((value, column) => {
      if (typeof value !== "number") return;
      const kind = table.vndRows?.includes(index) ? "vnd" : table.kinds[column];
      row.getCell(column + 1).numFmt = kind === "percent" ? "0.0" : "#,##0";
    });
  }
  table.columns.forEach(
    (title, index) =>
      (sheet.getColumn(index + 1).width =
        index === 0 && table.kinds[0] === "text" && title.length > 4 ? 48 : table.kinds[index] === "text" ? Math.max(14, Math.min(48, title.length + 4)) : 18),
  );
  sheet.views = [{ state: "frozen", ySplit: 3 }];
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31);
}
