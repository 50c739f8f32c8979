import type { Cell, ReportModel, ReportTable } from "./layout.js";
import { formatNumber, formatPercent } from "./layout.js";

// Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman 13–14 pt; margins top and bottom
// 20–25 mm, left 30–35 mm, right 15–20 mm. Sizes here are in twentieths of a point (twips)
// for lengths and half-points for fonts.
const FONT = "Times New Roman";
const MM = 56.7;
const PAGE = { width: 11906, height: 16838, top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const SIZE = { body: 28, header: 26, national: 24, table: 20, copies: 22, copiesTitle: 24 };

/**
 * Draws the report as a Word document in the form of an administrative report (NĐ 30/2020,
 * mẫu báo cáo): the issuing body and the national title side by side, number and date left as
 * dots for staff, the title and subject, "Kính gửi", the sections with their tables, the blank
 * sections for staff to write, "Nơi nhận" and the signature block.
 */
export async function reportToDocx(model: ReportModel): Promise<Buffer> {
  // Loaded on the first report, like exceljs: most server runs never write one.
  const docx = await import("docx");
  const { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } = docx;

  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  const line = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
  const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) => new TextRun({ text, font: FONT, size: options.size ?? SIZE.body, bold: options.bold, italics: options.italics });
  const centred = (text: string, options: { bold?: boolean; italics?: boolean; size?: number; before?: number; after?: number } = {}) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: options.before ?? 0, after: options.after ?? 0 }, children: [run(text, options)] });
  // The short line under the issuing body, the motto and the subject: a paragraph border
  // between indents, so that it is as long as NĐ 30 asks whatever the font.
  const rule = (cellWidth: number, lineWidth: number) =>
    new Paragraph({ indent: { left: (cellWidth - lineWidth) / 2, right: (cellWidth - lineWidth) / 2 }, border: { top: line }, spacing: { before: 0, after: 0 }, children: [] });
  const body = (text: string, options: { bold?: boolean; italics?: boolean; indent?: boolean } = {}) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: options.indent === false ? undefined : { firstLine: Math.round(10 * MM) },
      spacing: { before: 60, after: 60, line: 300 },
      children: [run(text, options)],
    });

  const leftWidth = Math.round(TEXT_WIDTH * 0.42);
  const rightWidth = TEXT_WIDTH - leftWidth;
  const cell = (width: number, children: InstanceType<typeof Paragraph>[]) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: noBorders, children });
  const parents = model.reportingBody.slice(0, -1);
  const issuer = model.reportingBody.at(-1) ?? "";
  const header = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, rightWidth],
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          cell(leftWidth, [...parents.map((text) => centred(text, { size: SIZE.header })), centred(issuer, { bold: true, size: SIZE.header }), rule(leftWidth, leftWidth * 0.4)]),
          cell(rightWidth, [centred(model.nationalTitle, { bold: true, size: SIZE.national }), centred(model.nationalMotto, { bold: true, size: SIZE.header }), rule(rightWidth, rightWidth * 0.62)]),
        ],
      }),
      new TableRow({
        children: [cell(leftWidth, [centred(model.numberLine, { size: SIZE.header, before: 120 })]), cell(rightWidth, [centred(model.placeDateLine, { italics: true, size: SIZE.body, before: 120 })])],
      }),
    ],
  });

  const numberText = (value: Cell, kind: ReportTable["kinds"][number]) =>
    value === null ? "–" : typeof value === "string" ? value : kind === "percent" ? formatPercent(value) : formatNumber(value);
  const table = (data: ReportTable) => {
    const widths = columnWidths(data);
    const row = (cells: Cell[], options: { header?: boolean; bold?: boolean }) =>
      new TableRow({
        tableHeader: options.header,
        cantSplit: true,
        children: cells.map(
          (value, index) =>
            new TableCell({
              width: { size: widths[index]!, type: WidthType.DXA },
              verticalAlign: VerticalAlign.CENTER,
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              children: [
                new Paragraph({
                  alignment: options.header || data.kinds[index] === "text" ? (index === 0 || options.header ? AlignmentType.CENTER : AlignmentType.LEFT) : AlignmentType.RIGHT,
                  children: [run(options.header ? String(value) : numberText(value, data.kinds[index]!), { bold: options.header || options.bold, size: SIZE.table })],
                }),
              ],
            }),
        ),
      });
    return [
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 160, after: 80 }, keepNext: true, children: [run(data.title, { italics: true, bold: true, size: SIZE.header })] }),
      new Table({
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        columnWidths: widths,
        rows: [row(data.columns, { header: true }), ...data.rows.map((cells, index) => row(cells, { bold: data.boldRows.includes(index) }))],
      }),
    ];
  };

  const content: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
    header,
    centred(model.title, { bold: true, size: SIZE.body, before: 360 }),
    centred(model.subject, { bold: true, size: SIZE.body }),
    rule(TEXT_WIDTH, TEXT_WIDTH * 0.25),
    centred(model.recipientLine, { size: SIZE.body, before: 240, after: 240 }),
    ...model.intro.map((text) => body(text)),
  ];
  for (const section of model.sections) {
    content.push(new Paragraph({ spacing: { before: 200, after: 60 }, keepNext: true, children: [run(section.heading, { bold: true })] }));
    for (const part of section.parts) {
      if (part.heading) content.push(new Paragraph({ spacing: { before: 120, after: 60 }, indent: { firstLine: Math.round(10 * MM) }, keepNext: true, children: [run(part.heading, { bold: true })] }));
      for (const paragraph of part.paragraphs) content.push(body(paragraph));
      for (const data of part.tables) content.push(...table(data));
      for (const note of part.notes) content.push(body(note, { italics: true }));
    }
    // Dotted lines for staff to write on, as printed forms have.
    for (let index = 0; index < (section.blankLines ?? 0); index++) content.push(new Paragraph({ spacing: { before: 60, after: 60, line: 300 }, children: [run(".".repeat(118), { size: SIZE.body })] }));
  }
  content.push(body(model.closing));

  const footer = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, rightWidth],
    borders: noBorders,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(leftWidth, [
            new Paragraph({ spacing: { before: 240 }, children: [run(model.copiesTitle, { bold: true, italics: true, size: SIZE.copiesTitle })] }),
            ...model.copies.map((text) => new Paragraph({ children: [run(text, { size: SIZE.copies })] })),
          ]),
          cell(rightWidth, [
            centred(model.signature[0] ?? "", { bold: true, size: SIZE.body, before: 240 }),
            centred(model.signature[1] ?? "", { italics: true, size: SIZE.header }),
            ...Array.from({ length: 4 }, () => centred("", { size: SIZE.body })),
            centred(model.signature[2] ?? "", { bold: true, size: SIZE.body }),
          ]),
        ],
      }),
    ],
  });
  content.push(footer);

  const document = new Document({
    creator: "xkld-assistant",
    title: `${model.title} – ${model.subject}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right } } }, children: content }],
  });
  return Buffer.from(await Packer.toBuffer(document));
}

/** Column widths in twips: the first (label) column wide, numbers narrower, filling the text width. */
function columnWidths(table: ReportTable): number[] {
  const weights = table.kinds.map((kind, index) => (index === 0 ? (table.columns[0]!.length <= 4 ? 0.6 : 3) : kind === "text" ? (index === 1 ? 4 : 1.4) : kind === "vnd" ? 1.8 : 1.2));
  const sum = weights.reduce((total, weight) => total + weight, 0);
  const widths = weights.map((weight) => Math.floor((weight / sum) * TEXT_WIDTH));
  widths[widths.length - 1]! += TEXT_WIDTH - widths.reduce((total, width) => total + width, 0);
  return widths;
}
