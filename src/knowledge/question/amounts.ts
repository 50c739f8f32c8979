import { removeDiacritics } from "../../shared/index.js";

/**
 * The loan amount a question names: "vay 250 triệu", "vay 1,2 tỷ", "trên 200tr", "hơn 200 củ".
 * "trên"/"hơn"/"quá" 200 triệu is more than 200 triệu; "dưới" is less. Used to tell apart entries
 * that differ only by an amount (loans above 200 million need collateral).
 */
const AMOUNT = /(?:\b(tren|hon|qua|vuot|duoi|it hon|khong qua|toi da)\s+)?(\d+(?:[.,]\d+)?)\s*(trieu|tr|cu|ty|ti|m|million)\b/g;
const UNIT: Record<string, number> = { trieu: 1e6, tr: 1e6, cu: 1e6, m: 1e6, million: 1e6, ty: 1e9, ti: 1e9 };

export function loanAmountIn(text: string): number | undefined {
  const folded = removeDiacritics(text.normalize("NFC")).toLowerCase();
  for (const match of folded.matchAll(AMOUNT)) {
    const value = Number(match[2]!.replace(",", ".")) * UNIT[match[3]!]!;
    if (!Number.isFinite(value) || value <= 0) continue;
    const qualifier = match[1];
    if (qualifier === "tren" || qualifier === "hon" || qualifier === "qua" || qualifier === "vuot") return value + 1;
    if (qualifier === "duoi" || qualifier === "it hon") return value - 1;
    return value;
  }
  return undefined;
}
