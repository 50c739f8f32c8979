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
  const {
    AlignmentType,
    BorderStyle,
    Document,
    LeaderType,
    Packer,
    Paragraph,
    Tab,
    TabStopType,
    Table,
    TableCell,
    TableRow,
    TextRun,
    VerticalAlign,
    WidthType,
  } = docx;

  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  const line = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
  const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
    new TextRun({ text, font: FONT, size: options.size ?? SIZE.body, bold: options.bold, italics: options.italics });
  const centred = (text: string, options: { bold?: boolean; italics?: boolean; size?: number; before?: number; after?: number } = {}) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: options.before ?? 0, after: options.after ?? 0 }, children: [run(text, options)] });
  // The short line under the issuing body, the motto and the subject: a paragraph border
  // between indents, so that it is as long as NĐ 30 asks whatever the font.
  const rule = (cellWidth: number, lineWidth: number) =>
    new Paragraph({
      indent: { left: Math.round((cellWidth - lineWidth) / 2), right: Math.round((cellWidth - lineWidth) / 2) },
      border: { top: line },
      spacing: { before: 40, after: 0, line: 120 },
      children: [run("", { size: 4 })],
    });
  const body = (text: string, options: { bold?: boolean; italics?: boolean; indent?: boolean } = {}) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: options.indent === false ? undefined : { firstLine: Math.round(10 * MM) },
      spacing: { before: 60, after: 60, line: 300 },
      children: [run(text, options)],
    });

  const leftWidth = Math.round(TEXT_WIDTH * 0.4);
  const rightWidth = TEXT_WIDTH - leftWidth;
  const cell = (width: number, children: InstanceType<typeof Paragraph>[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: noBorders, children });
  const parents = model.reportingBody.slice(0, -1);
  const issuer = model.reportingBody.at(-1) ?? "";
  const header = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, rightWidth],
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          cell(leftWidth, [
            ...parents.map((text) => centred(text, { size: SIZE.national })),
            centred(issuer, { bold: true, size: SIZE.header }),
            rule(leftWidth, leftWidth * 0.4),
          ]),
          cell(rightWidth, [
            centred(model.nationalTitle, { bold: true, size: SIZE.national }),
            centred(model.nationalMotto, { bold: true, size: SIZE.header }),
            rule(rightWidth, rightWidth * 0.62),
          ]),
        ],
      }),
      new TableRow({
        children: [
          cell(leftWidth, [centred(model.numberLine, { size: SIZE.header, before: 120 })]),
          cell(rightWidth, [centred(model.placeDateLine, { italics: true, size: SIZE.body, before: 120 })]),
        ],
      }),
    ],
  });

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
                  // Headings and the row number centred, words from the left, figures from the right.
                  alignment:
                    options.header || (index === 0 && widths[0]! < 700)
                      ? AlignmentType.CENTER
                      : data.kinds[index] === "text"
                        ? AlignmentType.LEFT
                        : AlignmentType.RIGHT,
                  children: [
                    run(options.header ? String(value) : cellText(value, data.kinds[index]!), { bold: options.header || options.bold, size: SIZE.table }),
                  ],
                }),
              ],
            }),
        ),
      });
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 160, after: 80 },
        keepNext: true,
        children: [run(data.title, { italics: true, bold: true, size: SIZE.header })],
      }),
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
      if (part.heading)
        content.push(
          new Paragraph({
            spacing: { before: 120, after: 60 },
            indent: { firstLine: Math.round(10 * MM) },
            keepNext: true,
            children: [run(part.heading, { bold: true })],
          }),
        );
      for (const paragraph of part.paragraphs) content.push(body(paragraph));
      for (const data of part.tables) content.push(...table(data));
      for (const note of part.notes) content.push(body(note, { italics: true }));
    }
    // Dotted lines for staff to write on, as printed forms have: a tab to the right margin with a dot leader.
    for (let index = 0; index < (section.blankLines ?? 0); index++) {
      content.push(
        new Paragraph({
          tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
          spacing: { before: 60, after: 60, line: 300 },
          children: [new TextRun({ children: [new Tab()], font: FONT, size: SIZE.body })],
        }),
      );
    }
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
            centred(model.signature[0] ?? "", { bold: true, size: SIZE.header, before: 240 }),
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
    sections: [
      {
        properties: {
          page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right } },
        },
        children: content,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(document));
}

/**
 * Column widths in twips. Every column but the widest label column is as wide as its longest
 * figure, or its heading's longest word, needs at 10 pt; the label column takes what is left
 * (its text wraps). A table too wide for the page is scaled down as a whole.
 */
function columnWidths(table: ReportTable): number[] {
  const TWIPS_PER_CHAR = 105;
  const PADDING = 200;
  const wanted = table.columns.map((title, index) => {
    const longestWord = Math.max(...title.split(/\s+/).map((word) => word.length));
    const longestCell = Math.max(0, ...table.rows.map((row) => cellText(row[index] ?? null, table.kinds[index]!).length));
    // A heading may wrap on three lines, not more.
    return { chars: Math.max(3, longestWord + 1, Math.ceil(title.length / 3), longestCell), text: table.kinds[index] === "text" };
  });
  const flexible = wanted.reduce((best, column, index) => (column.text && column.chars > (wanted[best]!.text ? wanted[best]!.chars : 0) ? index : best), 0);
  const fixed = wanted.map((column) => column.chars * TWIPS_PER_CHAR + PADDING);
  const others = fixed.reduce((sum, width, index) => (index === flexible ? sum : sum + width), 0);
  const labelWidth = Math.max(1800, Math.min(fixed[flexible]!, TEXT_WIDTH - others));
  const natural = fixed.map((width, index) => (index === flexible ? labelWidth : width));
  const scale = TEXT_WIDTH / natural.reduce((sum, width) => sum + width, 0);
  const widths = natural.map((width) => Math.floor(width * scale));
  widths[flexible]! += TEXT_WIDTH - widths.reduce((total, width) => total + width, 0);
  return widths;
}

function cellText(value: Cell, kind: ReportTable["kinds"][number]): string {
  return value === null ? "–" : typeof value === "string" ? value : kind === "percent" ? formatPercent(value) : formatNumber(value);
}
