import { removeDiacritics } from "../../shared/index.js";

/**
 * "Vay 150 triệu có phải thế chấp không? Lãi suất bao nhiêu?" asks two things. A message is cut
 * at question marks, line breaks and semicolons, and at words that start another question
 * ("còn", "với lại", "ngoài ra", "và cho hỏi"), but only where both sides ask something: "vay và
 * trả nợ thế nào" stays one question.
 */

export const MAX_PARTS = 3;

const hardBreaks = /[?\n;]+/u;
// "con" is "còn" (and) but also "con" (child): typed without accents it starts a question only
// before the words a follow-up starts with ("con di Han thi sao", "con lai suat").
const softBreaks =
  /\s*(?:,\s*)?\b(?:con nua|ngoai ra|voi lai|them nua|va cho (?:em |toi |minh )?hoi(?: them)?|cho (?:em |toi |minh )?hoi them|con(?= (?:di|neu|ve|thi|o|vay|tien|phi|lai|ky|cai|chuyen|khoan|ho so|giay|muon|sang|qua|nhat|han|dai|du hoc|bao|khi|may)\b)|va|and also|also)\b\s*/giu;
// What makes a piece of text ask something in Vietnamese or English.
// English "can", "do", "is" are left out: folded, they are Vietnamese syllables ("cần", "đó").
const asks =
  /\b(?:bao nhieu|bn|bao lau|bao gio|khi nao|the nao|nhu the nao|ntn|ra sao|sao|gi|j|o dau|dau|nao|may|khong|ko|k|hok|chua|duoc khong|co phai|ai|how|what|where|when|which|who)\b/;
const MIN_PART_WORDS = 3;

/** The separate questions of a message (one when it asks one thing), at most `MAX_PARTS`. */
export function questionParts(text: string): string[] {
  const pieces = text
    .split(hardBreaks)
    .flatMap(splitSoftly)
    .map((piece) => piece.trim())
    .filter(isQuestion);
  return pieces.length >= 2 ? pieces.slice(0, MAX_PARTS) : [text];
}

function splitSoftly(piece: string): string[] {
  const folded = removeDiacritics(piece).toLowerCase();
  if (folded.length !== piece.length) return [piece];
  const accented = folded !== piece.toLowerCase();
  const cuts: number[] = [];
  for (const match of folded.matchAll(softBreaks)) {
    // Typed with accents, "con" is "con" (child) and only "còn" joins two questions.
    if (accented && /\bcon\b/.test(match[0]) && !/\bcòn\b/.test(piece.slice(match.index, match.index + match[0].length).toLowerCase())) continue;
    const before = folded.slice(cuts.at(-1) ?? 0, match.index);
    const after = folded.slice(match.index + match[0].length);
    if (isQuestion(before) && isQuestion(after)) cuts.push(match.index);
  }
  if (!cuts.length) return [piece];
  const bounds = [0, ...cuts, piece.length];
  return bounds.slice(1).map((end, index) => piece.slice(bounds[index], end));
}

function isQuestion(piece: string): boolean {
  const folded = removeDiacritics(piece).toLowerCase();
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length >= MIN_PART_WORDS && asks.test(folded);
}
