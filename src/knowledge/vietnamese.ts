import { createWordFolder } from "../shared/index.js";
/**
 * Vietnamese text analysis for search. People type with or without diacritics, with chat
 * shorthand and typos, so every text is looked at three ways: folded syllables (no
 * diacritics, đ→d), folded syllable pairs (Vietnamese words are mostly two syllables, so
 * pairs approximate word segmentation), and the exact accented syllables, which are only
 * used when the question itself carries diacritics.
 */

export interface Analysis {
  /** Folded syllables, with chat shorthand expanded. */
  folded: string[];
  /** Adjacent folded syllables joined by "_". */
  pairs: string[];
  /** Accented syllables, marked with a leading "~"; empty when the text has no diacritics. */
  exact: string[];
  hasDiacritics: boolean;
}

/** Shorthand → its folded expansion ("ko" → "khong", "xkld" → "xuat khau lao dong"). */
export type Shorthand = ReadonlyMap<string, string>;

/** Regional words and phrases typed with accents → the words the entries use ("tiền lời" → "tiền lãi"). */
export type Dialect = ReadonlyMap<string, string>;

export function createAnalyzer(shorthand: Shorthand, dialect: Dialect = new Map()) {
  const longest = Math.max(1, ...[...dialect.keys()].map((phrase) => phrase.split(" ").length));
  const fold = createWordFolder();
  return function analyze(text: string): Analysis {
    const words = standardWords(splitWords(text.normalize("NFC").toLowerCase()), dialect, longest);
    const folded: string[] = [];
    const exact: string[] = [];
    let hasDiacritics = false;
    for (const word of words) {
      const plain = fold(word);
      if (plain !== word) hasDiacritics = true;
      const expansion = shorthand.get(plain);
      if (expansion) {
        folded.push(...expansion.split(" "));
        continue;
      }
      folded.push(plain);
      exact.push(`~${word}`);
    }
    const pairs: string[] = [];
    for (let index = 1; index < folded.length; index++) pairs.push(`${folded[index - 1]}_${folded[index]}`);
    return { folded, pairs, exact: hasDiacritics ? exact : [], hasDiacritics };
  };
}

export type Analyzer = ReturnType<typeof createAnalyzer>;

/** The words with regional phrases replaced, longest phrase first. */
function standardWords(words: string[], dialect: Dialect, longest: number): string[] {
  if (!dialect.size) return words;
  const out: string[] = [];
  for (let index = 0; index < words.length; ) {
    let length = Math.min(longest, words.length - index);
    for (; length > 0; length--) {
      const standard = dialect.get(words.slice(index, index + length).join(" "));
      if (standard) {
        out.push(...standard.split(" "));
        break;
      }
    }
    if (length > 0) index += length;
    else out.push(words[index++]!);
  }
  return out;
}

function splitWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
