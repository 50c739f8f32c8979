/**
 * People type Vietnamese with or without diacritics; every comparison of what they typed
 * goes through these two functions so that "Đà Nẵng", "da nang" and "ĐÀ  NẴNG!" agree.
 */

const plainAscii = /^[\x00-\x7f]*$/;

/** Removes diacritics and turns đ into d, keeping case and punctuation: "Đi làm" → "Di lam". */
export function removeDiacritics(text: string): string {
  // Plain ASCII (every question typed without accents, many syllables of the others) has
  // nothing to remove; search folds every word of every question, so it skips the work.
  if (plainAscii.test(text)) return text;
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

/** Lower case, no diacritics, anything but letters and digits as single spaces: for matching. */
export function simplify(text: string): string {
  return removeDiacritics(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
