import { letterhead, sectionBlocks, signatureBlock } from "./docx-blocks.js";
import { createDocxKit, FONT, PAGE, SIZE, TEXT_WIDTH, type Block } from "./docx-kit.js";
import type { ReportModel } from "./report-model.js";

/**
 * Draws the report as a Word document in the form of an administrative report (NĐ 30/2020,
 * mẫu báo cáo): the issuing body and the national title side by side, number and date left as
 * dots for staff, the title and subject, "Kính gửi", the sections with their tables, the blank
 * sections for staff to write, "Nơi nhận" and the signature block.
 */
export async function reportToDocx(model: ReportModel): Promise<Buffer> {
  // Loaded on the first report, like exceljs: most server runs never write one.
  const docx = await import("docx");
  const kit = createDocxKit(docx);
  const { centred, rule, body } = kit;
  const content: Block[] = [
    letterhead(kit, model),
    centred(model.title, { bold: true, size: SIZE.body, before: 360 }),
    centred(model.subject, { bold: true, size: SIZE.body }),
    rule(TEXT_WIDTH, TEXT_WIDTH * 0.25),
    centred(model.recipientLine, { size: SIZE.body, before: 240, after: 240 }),
    ...model.intro.map((text) => body(text)),
    ...model.sections.flatMap((section) => sectionBlocks(kit, section)),
    body(model.closing),
    signatureBlock(kit, model),
  ];
  const document = new docx.Document({
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
  return Buffer.from(await docx.Packer.toBuffer(document));
}
