import type { ApplicantKind, Province } from "../../../loans/index.js";
import { simplify as fold } from "../../../shared/index.js";

/**
 * What people type instead of pressing a button, folded (no diacritics, lowercase). These
 * are words we read, not words we say, so they live here rather than in the locale files,
 * and both languages are accepted whatever the person's language setting.
 */
export const applicantWords: Record<ApplicantKind, string[]> = {
  "contract-worker": [
    "hop dong",
    "xkld",
    "xuat khau lao dong",
    "lao dong",
    "di lam",
    "di lam viec",
    "contract",
    "worker",
    "tts",
    "thuc tap sinh",
    "ky su",
    "tokutei",
  ],
  eps: ["eps", "han quoc eps", "di han eps", "korea eps", "colab"],
  "work-study": ["du hoc", "du hoc sinh", "vua hoc vua lam", "hoc sinh", "sinh vien", "work study", "student", "study"],
};

export const destinations = ["japan", "taiwan", "korea", "other"] as const;
export type Destination = (typeof destinations)[number];
export const destinationWords: Record<Destination, string[]> = {
  japan: ["nhat", "nhat ban", "japan"],
  taiwan: ["dai loan", "taiwan"],
  korea: ["han", "han quoc", "korea"],
  other: ["khac", "nuoc khac", "other"],
};

export const provinceWords: Record<Province, string[]> = {
  hue: ["hue", "thua thien hue", "thua thien", "huong tra"],
  "can-tho": ["can tho", "soc trang", "hau giang", "long phu"],
  other: ["khac", "tinh khac", "other", "noi khac"],
};

export const groupWords: Record<string, string[]> = {
  "poor-household": ["ho ngheo", "ngheo", "poor", "poor household"],
  "near-poor-household": ["can ngheo", "ho can ngheo", "near poor", "near-poor"],
  "ethnic-minority": ["dan toc", "dan toc thieu so", "dtts", "ethnic", "ethnic minority", "khmer"],
  "merit-relative": ["co cong", "nguoi co cong", "than nhan nguoi co cong", "liet si", "thuong binh", "merit"],
  "land-recovered": ["thu hoi dat", "bi thu hoi dat", "mat dat", "land"],
  "military-service": ["nghia vu", "nghia vu quan su", "xuat ngu", "bo doi", "cong an", "military", "police", "army"],
  none: ["khong", "khong co", "khong thuoc", "ko", "none", "no", "khac"],
};

export const noneWords = ["khong", "khong co", "ko", "k", "0", "none", "no", "nothing"];

/**
 * The option a typed answer names: its number in the list, its label, or one of its words
 * (the longest word wins, so "hộ cận nghèo" is near-poor, not poor).
 */
export function matchChoice<T extends string>(text: string, options: { value: T; label: string; words: string[] }[]): T | undefined {
  const folded = fold(text);
  const number = /^(\d{1,2})\.?$/.exec(folded);
  if (number) return options[Number(number[1]) - 1]?.value;
  const byLabel = options.find((option) => fold(option.label) === folded);
  if (byLabel) return byLabel.value;
  let best: { value: T; length: number } | undefined;
  for (const option of options) {
    for (const word of option.words) {
      if (` ${folded} `.includes(` ${word} `) && word.length > (best?.length ?? 0)) best = { value: option.value, length: word.length };
    }
  }
  return best?.value;
}
