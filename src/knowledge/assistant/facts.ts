import type { KnowledgeEntry } from "../entry-schema.js";

// A number as entries write it — 200, 1,5, 200.000.000, 31/12/2025, 338/2025/NĐ-CP's 338/2025 —
// and the unit after it, where the unit changes the fact ("200 triệu" is not "200 tỷ").
const fact = /(\d+(?:[.,/-]\d+)*)(?:\s*(%|phần trăm|triệu|tr|tỷ|tỉ|nghìn|ngàn|đồng|đ|usd|\$|yên|won|tháng|năm|ngày|tuần|giờ|tuổi|lần))?(?![\p{L}\p{N}])/giu;
const unitNames: Record<string, string> = { "phần trăm": "%", tỉ: "tỷ", tr: "triệu", ngàn: "nghìn", đ: "đồng", $: "usd" };

interface Fact {
  number: string;
  unit?: string;
}

function factsIn(text: string): Fact[] {
  return [...text.matchAll(fact)].map((match) => {
    const unit = match[2]?.toLowerCase();
    return { number: match[1]!, unit: unit ? (unitNames[unit] ?? unit) : undefined };
  });
}

/**
 * The numbers, percentages, dates and document numbers a composed reply states that its
 * entries do not: any one means the model added a fact, and the reply is not used. A date or a
 * document number may be cited in part ("Nghị định 338" of 338/2025/NĐ-CP), but a decimal is
 * never split ("5" is not in "1,5"). A number spelled in words escapes this check; the prompt
 * asks for digits as the entries write them.
 */
export function inventedFacts(reply: string, entries: KnowledgeEntry[]): string[] {
  const source = entries.map((entry) => `${entry.title}\n${entry.answer}\n${entry.details ?? ""}`).join("\n");
  const known = factsIn(source);
  const numbers = new Set(known.flatMap(({ number }) => [number, ...number.split(/[/-]/)]));
  const withUnits = new Set(known.filter((item) => item.unit).map((item) => `${item.number} ${item.unit}`));
  return factsIn(reply.replace(/\[\d+\]/g, ""))
    .filter((item) => !numbers.has(item.number) || (item.unit !== undefined && !withUnits.has(`${item.number} ${item.unit}`)))
    .map((item) => (item.unit ? `${item.number} ${item.unit}` : item.number));
}
