/**
 * The Vietnamese handling every library is given, written here for the libraries rather than
 * borrowed from our engine: NFC, lower case, split on anything but letters and digits; each
 * syllable folded (diacritics removed, đ → d) and chat shorthand expanded with the same table
 * ours reads; then adjacent syllables joined as pairs ("xuat_khau"), since Vietnamese words are
 * mostly two syllables and no library segments them. The accented syllables are kept apart,
 * for the libraries that can search a second field only when the question has diacritics.
 */
export interface LibraryTokens {
  /** Folded syllables, shorthand expanded. */
  syllables: string[];
  /** Adjacent folded syllables joined by "_". */
  pairs: string[];
  /** The syllables as written (lower case), when the text has diacritics. */
  accented: string[];
}

export function foldSyllable(syllable: string): string {
  return syllable
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .normalize("NFC");
}

export function createLibraryTokenizer(shorthand: ReadonlyMap<string, string>) {
  return function tokens(text: string): LibraryTokens {
    const written = text
      .normalize("NFC")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    const syllables: string[] = [];
    let hasDiacritics = false;
    for (const word of written) {
      const folded = foldSyllable(word);
      if (folded !== word) hasDiacritics = true;
      const expansion = shorthand.get(folded);
      if (expansion) syllables.push(...expansion.split(" "));
      else syllables.push(folded);
    }
    const pairs = syllables.slice(1).map((syllable, index) => `${syllables[index]}_${syllable}`);
    return { syllables, pairs, accented: hasDiacritics ? written : [] };
  };
}

export type LibraryTokenizer = ReturnType<typeof createLibraryTokenizer>;

/** What each benchmarked engine offers: built once over the passages, then asked every question. */
export interface RetrievalEngine {
  /** Passage indexes, best first. */
  search(question: string, limit: number): number[] | Promise<number[]>;
}
