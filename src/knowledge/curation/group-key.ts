import { simplify } from "../../shared/index.js";
import { maskedNumber } from "../question-log.js";

/**
 * Words that only make a sentence polite or a question ("cho hỏi", "ạ", "không", "nhé",
 * pronouns): two people asking the same thing differ mostly in these, so grouping ignores
 * them. Folded, like the syllables they are compared with. Not "vay": folded, "vậy" is
 * "vay" (a loan), and the loan matters more.
 */
const particles = new Set(
  [
    "cho hoi xin chao alo vui long lam on giup voi",
    "a ah oi nhe nha nhi ha hen ma thi la day do ay nay kia roi",
    "khong ko k hong chua gi sao nao the",
    "co duoc dc muon can biet",
    "toi tui minh em anh chi ban ad admin ong bac chu chau moi nguoi",
  ]
    .join(" ")
    .split(" "),
);

/** The informative syllables of a question: folded, lower-case, de-duplicated, sorted. */
export function informativeSyllables(question: string): string[] {
  const words = simplify(question.replaceAll(maskedNumber, " ")).split(" ");
  return [...new Set(words.filter((word) => word && !particles.has(word)))].sort();
}

/** Questions with the same key are the same question asked with other particles, accents or order. */
export function groupKeyOf(question: string): string {
  return informativeSyllables(question).join(" ");
}
