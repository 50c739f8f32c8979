import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { removeDiacritics, simplify } from "../../shared/index.js";

const englishFile = z.object({
  markers: z.array(z.string().regex(/^[a-z]+$/)).min(1),
  terms: z.record(z.string().regex(/^[a-z0-9' -]+$/), z.string().regex(/^[a-z0-9 ]+$/, "must be written without diacritics")),
});

export interface EnglishReader {
  /** A message written in English rather than Vietnamese without diacritics. */
  isEnglish(text: string): boolean;
  /** The Vietnamese words (without diacritics) the English words stand for, in order. */
  toVietnamese(text: string): string;
}

const LONGEST_PHRASE = 6;
// Syllables that are both English words and common Vietnamese ones ("an", "do", "to", "can"…)
// count as English only next to clearly English words.
const MIN_MARKERS = 2;
const MIN_MARKER_SHARE = 0.25;

/** Reads `content/search/english.yaml`. */
export function loadEnglishReader(file: string): EnglishReader {
  const parsed = englishFile.parse(parse(fs.readFileSync(file, "utf8")));
  const markers = new Set(parsed.markers);
  const terms = new Map(Object.entries(parsed.terms).map(([english, vietnamese]) => [simplify(english), vietnamese]));
  const known = new Set([...markers, ...[...terms.keys()].flatMap((phrase) => phrase.split(" "))]);

  return {
    isEnglish(text) {
      if (removeDiacritics(text) !== text) return false;
      const words = simplify(text).split(" ").filter(Boolean);
      if (words.length < 2) return false;
      const markerCount = words.filter((word) => markers.has(word)).length;
      const knownCount = words.filter((word) => known.has(word)).length;
      return markerCount >= MIN_MARKERS && markerCount / words.length >= MIN_MARKER_SHARE && knownCount / words.length >= 0.5;
    },
    toVietnamese(text) {
      const words = simplify(text.replace(/(\d)(m|tr)\b/gi, "$1 $2"))
        .split(" ")
        .filter(Boolean);
      const out: string[] = [];
      for (let index = 0; index < words.length; ) {
        let matched = false;
        for (let length = Math.min(LONGEST_PHRASE, words.length - index); length > 0; length--) {
          const phrase = words.slice(index, index + length).join(" ");
          const vietnamese = terms.get(phrase);
          if (vietnamese) {
            out.push(vietnamese);
            index += length;
            matched = true;
            break;
          }
        }
        if (matched) continue;
        // Numbers and programme codes ("200", "e9") are the same in both languages.
        if (/\d/.test(words[index]!)) out.push(words[index]!);
        index++;
      }
      return out.join(" ");
    },
  };
}
