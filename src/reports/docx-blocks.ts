import { FONT, MM, SIZE, TEXT_WIDTH, type Block, type DocxKit } from "./docx-kit.js";
import { formatNumber, formatPercent } from "./format.js";
import type { Cell, ReportModel, ReportSection, ReportTable } from "./report-model.js";

/** The issuing body and the national title side by side, then the number and the place and date. */
export function letterhead(kit: DocxKit, model: ReportModel): Block {
  const { Table, TableRow, WidthType } = kit.docx;
  const { centred, rule, cell, halves } = kit;
  const parents = model.reportingBody.slice(0, -1);
  const issuer = model.reportingBody.at(-1) ?? "";
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [halves.left, halves.right],
    borders: kit.noBorders,
    rows: [
      new TableRow({
        children: [
          cell(halves.left, [
            ...parents.map((text) => centred(text, { size: SIZE.national })),
            centred(issuer, { bold: true, size: SIZE.header }),
            rule(halves.left, halves.left * 0.4),
          ]),
          cell(halves.right, [
            centred(model.nationalTitle, { bold: true, size: SIZE.national }),
            centred(model.nationalMotto, { bold: true, size: SIZE.header }),
            rule(halves.right, halves.right * 0.62),
          ]),
        ],
      }),
      new TableRow({
        children: [
          cell(halves.left, [centred(model.numberLine, { size: SIZE.header, before: 120 })]),
          cell(halves.right, [centred(model.placeDateLine, { italics: true, size: SIZE.body, before: 120 })]),
        ],
      }),
    ],
  });
}

/** A section's heading, its numbered parts with their paragraphs, tables and notes, and its dotted lines. */
export function sectionBlocks(kit: DocxKit, section: ReportSection): Block[] {
  const { LeaderType, Paragraph, Tab, TabStopType, TextRun } = kit.docx;
  const { run, body } = kit;
  const blocks: Block[] = [new Paragraph({ spacing: { before: 200, after: 60 }, keepNext: true, children: [run(section.heading, { bold: true })] })];
  for (const part of section.parts) {
    if (part.heading)
      blocks.push(
        new Paragraph({
          spacing: { before: 120, after: 60 },
          indent: { firstLine: Math.round(10 * MM) },
          keepNext: true,
          children: [run(part.heading, { bold: true })],
        }),
      );
    for (const paragraph of part.paragraphs) blocks.push(body(paragraph));
    for (const data of part.tables) blocks.push(...tableBlocks(kit, data));
    for (const note of part.notes) blocks.push(body(note, { italics: true }));
  }
  // Dotted lines for staff to write on, as printed forms have: a tab to the right margin with a dot leader.
  for (let index = 0; index < (section.blankLines ?? 0); index++) {
    blocks.push(
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
        spacing: { before: 60, after: 60, line: 300 },
        children: [new TextRun({ children: [new Tab()], font: FONT, size: SIZE.body })],
      }),
    );
  }
  return blocks;
}

/** A table's title and the table, its heading row repeated on each page. */
function tableBlocks(kit: DocxKit, data: ReportTable): Block[] {
  const { AlignmentType, Paragraph, Table, TableCell, TableRow, VerticalAlign, WidthType } = kit.docx;
  const { run } = kit;
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
}

/** "Nơi nhận" with the copies on the left, the signature block on the right. */
export function signatureBlock(kit: DocxKit, model: ReportModel): Block {
  const { Paragraph, Table, TableRow, WidthType } = kit.docx;
  const { run, centred, cell, halves } = kit;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [halves.left, halves.right],
    borders: kit.noBorders,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(halves.left, [
            new Paragraph({ spacing: { before: 240 }, children: [run(model.copiesTitle, { bold: true, italics: true, size: SIZE.copiesTitle })] }),
            ...model.copies.map((text) => new Paragraph({ children: [run(text, { size: SIZE.copies })] })),
          ]),
          cell(halves.right, [
            centred(model.signature[0] ?? "", { bold: true, size: SIZE.header, before: 240 }),
            centred(model.signature[1] ?? "", { italics: true, size: SIZE.header }),
            ...Array.from({ length: 4 }, () => centred("", { size: SIZE.body })),
            centred(model.signature[2] ?? "", { bold: true, size: SIZE.body }),
          ]),
        ],
      }),
    ],
  });
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
