import { removeDiacritics as fold } from "./product.js";

/**
 * The four ways the retrieval benchmarks ask each question: as written, without
 * diacritics, without diacritics in chat shorthand, and without diacritics with one typo.
 */
export type Variant = "written" | "unaccented" | "shorthand" | "typo";
export const variants: Variant[] = ["written", "unaccented", "shorthand", "typo"];

// How people shorten words in chat (applied after removing diacritics).
const chatShorthand: [RegExp, string][] = [
  [/\bkhong\b/g, "ko"],
  [/\bduoc\b/g, "dc"],
  [/\bgi\b/g, "j"],
  [/\bbao nhieu\b/g, "bn"],
  [/\bnhu the nao\b/g, "ntn"],
  [/\bvoi\b/g, "vs"],
  [/\bnguoi lao dong\b/g, "nld"],
  [/\bxuat khau lao dong\b/g, "xkld"],
  [/\bdoanh nghiep\b/g, "dn"],
];

export function vary(question: string, variant: Variant, seed: number): string {
  if (variant === "written") return question;
  const plain = fold(question.normalize("NFC"));
  if (variant === "unaccented") return plain;
  if (variant === "shorthand") {
    let text = plain.toLowerCase();
    for (const [pattern, short] of chatShorthand) text = text.replace(pattern, short);
    return text;
  }
  return withOneTypo(plain, seed);
}

/** Deterministic: the same question and seed always get the same typo. */
function withOneTypo(text: string, seed: number): string {
  const random = mulberry32(seed);
  const words = text.split(" ");
  const candidates = words.map((word, index) => ({ word, index })).filter(({ word }) => /^[a-z]{4,}$/i.test(word));
  if (candidates.length === 0) return text;
  const { word, index } = candidates[Math.floor(random() * candidates.length)]!;
  const position = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  const letters = word.split("");
  if (kind === 0) [letters[position], letters[position + 1]] = [letters[position + 1]!, letters[position]!];
  else if (kind === 1) letters.splice(position, 1);
  else letters[position] = "qwertyuiopasdfghjklzxcvbnm"[Math.floor(random() * 26)]!;
  words[index] = letters.join("");
  return words.join(" ");
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
