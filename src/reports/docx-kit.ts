// Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman 13–14 pt; margins top and bottom
// 20–25 mm, left 30–35 mm, right 15–20 mm. Sizes here are in twentieths of a point (twips)
// for lengths and half-points for fonts.
export const FONT = "Times New Roman";
export const MM = 56.7;
export const PAGE = {
  width: 11906,
  height: 16838,
  top: Math.round(20 * MM),
  bottom: Math.round(20 * MM),
  left: Math.round(30 * MM),
  right: Math.round(15 * MM),
};
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
export const SIZE = { body: 28, header: 26, national: 24, table: 20, copies: 22, copiesTitle: 24 };

/** The `docx` module, loaded on the first report. */
export type Docx = typeof import("docx");

/**
 * The few kinds of paragraph and cell an administrative report is made of, in its font and
 * sizes, over the `docx` module loaded at run time.
 */
export function createDocxKit(docx: Docx) {
  const { AlignmentType, BorderStyle, Paragraph, TableCell, TextRun, WidthType } = docx;
  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  const line = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
  const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
    new TextRun({ text, font: FONT, size: options.size ?? SIZE.body, bold: options.bold, italics: options.italics });
  const leftWidth = Math.round(TEXT_WIDTH * 0.4);

  return {
    docx,
    noBorders,
    run,
    /** The two columns of the letterhead and of the signature block. */
    halves: { left: leftWidth, right: TEXT_WIDTH - leftWidth },
    centred: (text: string, options: { bold?: boolean; italics?: boolean; size?: number; before?: number; after?: number } = {}) =>
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: options.before ?? 0, after: options.after ?? 0 }, children: [run(text, options)] }),
    // The short line under the issuing body, the motto and the subject: a paragraph border
    // between indents, so that it is as long as NĐ 30 asks whatever the font.
    rule: (cellWidth: number, lineWidth: number) =>
      new Paragraph({
        indent: { left: Math.round((cellWidth - lineWidth) / 2), right: Math.round((cellWidth - lineWidth) / 2) },
        border: { top: line },
        spacing: { before: 40, after: 0, line: 120 },
        children: [run("", { size: 4 })],
      }),
    body: (text: string, options: { bold?: boolean; italics?: boolean; indent?: boolean } = {}) =>
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: options.indent === false ? undefined : { firstLine: Math.round(10 * MM) },
        spacing: { before: 60, after: 60, line: 300 },
        children: [run(text, options)],
      }),
    /** A borderless cell of the letterhead or signature block. */
    cell: (width: number, children: InstanceType<Docx["Paragraph"]>[]) =>
      new TableCell({ width: { size: width, type: WidthType.DXA }, borders: noBorders, children }),
  };
}

export type DocxKit = ReturnType<typeof createDocxKit>;
export type Block = InstanceType<Docx["Paragraph"]> | InstanceType<Docx["Table"]>;
