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

/**
 * `removeDiacritics` for single words, remembered: search folds every word of every question
 * and of every indexed text, and Vietnamese has a few thousand syllables. The memory is bounded
 * (forgotten all at once when full) and longer words, rarely repeated, are not kept.
 */
export function createWordFolder(capacity = 20_000): (word: string) => string {
  const folded = new Map<string, string>();
  return (word) => {
    if (word.length > maxRememberedLength) return removeDiacritics(word);
    let result = folded.get(word);
    if (result === undefined) {
      result = removeDiacritics(word);
      if (folded.size >= capacity) folded.clear();
      folded.set(word, result);
    }
    return result;
  };
}

const maxRememberedLength = 12;
