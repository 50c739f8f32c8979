import ExcelJS from "exceljs";
import JSZip from "jszip";

/** A table read back from a Word file: the caption above it and its cells' text. */
export interface DocxTable {
  caption: string;
  rows: string[][];
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((match) => decode(match[1]!)).join("");

/** word/document.xml of a .docx, opened with a real zip reader. */
export async function documentXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file("word/document.xml");
  if (!file) throw new Error("not a Word document: word/document.xml is missing");
  return file.async("string");
}

/** The paragraphs' text, in order (table cells included), one string per paragraph. */
export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => textOf(match[0]));
}

/** Every table of the body with the caption paragraph just before it. */
export function tables(xml: string): DocxTable[] {
  const result: DocxTable[] = [];
  for (const match of xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)) {
    const before = xml.slice(0, match.index);
    const lastParagraph = [...before.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].at(-1)?.[0] ?? "";
    const rows = [...match[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => textOf(cell[0])),
    );
    result.push({ caption: textOf(lastParagraph), rows });
  }
  return result;
}

/** "1.234.567" → 1234567, "12,5" → 12.5, "–" → null: numbers as the report writes them. */
export function vietnameseNumber(text: string): number | null {
  if (text === "–") return null;
  const value = Number(text.replace(/\./g, "").replace(",", "."));
  if (Number.isNaN(value)) throw new Error(`not a number: "${text}"`);
  return value;
}

/** The table whose caption starts with `caption`; its rows keyed by their first or second cell. */
export function tableNamed(all: DocxTable[], caption: string): DocxTable {
  const found = all.find((table) => table.caption.startsWith(caption));
  if (!found) throw new Error(`no table "${caption}" among: ${all.map((table) => table.caption).join(" | ")}`);
  return found;
}

export function rowOf<T extends string | number | null>(table: { rows: T[][] }, label: string, column = 0): T[] {
  const row = table.rows.find((cells) => cells[column] === label);
  if (!row) throw new Error(`no row "${label}" among: ${table.rows.map((cells) => cells[column]).join(" | ")}`);
  return row;
}

/** A workbook's sheet as plain values: row 1 the title, row 3 the header, then the rows. */
export async function sheets(xlsx: Buffer): Promise<Map<string, { title: string; header: string[]; rows: (string | number | null)[][] }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const result = new Map<string, { title: string; header: string[]; rows: (string | number | null)[][] }>();
  workbook.eachSheet((sheet) => {
    const values = (rowNumber: number) => {
      const row = sheet.getRow(rowNumber);
      return Array.from({ length: row.cellCount }, (_, index) => {
        const value = row.getCell(index + 1).value;
        return value === undefined || value === null ? null : typeof value === "number" || typeof value === "string" ? value : String(value);
      });
    };
    const rows: (string | number | null)[][] = [];
    for (let number = 4; number <= sheet.rowCount; number++) rows.push(values(number));
    result.set(sheet.name, { title: String(values(1)[0] ?? ""), header: values(3).map(String), rows });
  });
  return result;
}
