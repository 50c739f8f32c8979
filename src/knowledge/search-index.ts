import type { Analyzer } from "./vietnamese.js";

/** A text to find: `primary` is what it is about (title, questions, a passage), `secondary` the rest. */
export interface SearchDocument {
  id: string;
  primary: string;
  secondary?: string;
}

export type View = "folded" | "pairs" | "exact" | "secondaryFolded" | "secondaryPairs" | "lead";
/** The views in the order of their numbers in `Postings.view`. */
export const views: View[] = ["folded", "pairs", "exact", "secondaryFolded", "secondaryPairs", "lead"];

export interface Postings {
  docs: Int32Array;
  frequencies: Float32Array;
  view: number;
}

/** Term → the documents that have it, and each view's length per document (in terms). */
export interface InvertedIndex {
  postings: Map<string, Postings>;
  lengths: Float32Array[];
  averageLength: number[];
}

// A text without line breaks is its own first line; past this many syllables it is a passage, not a title.
const leadSyllables = 60;

/** The first non-empty line: a title or heading says what the whole text is about. */
function leadOf(text: string): string {
  return text.split("\n").find((line) => line.trim()) ?? "";
}

/**
 * One document's terms in each view, in the order of `views`. Secondary and lead terms carry a
 * prefix ("s:", "l:") so that each term belongs to one view only.
 */
export function documentTerms(analyze: Analyzer, document: SearchDocument): string[][] {
  const primary = analyze(document.primary);
  const secondary = document.secondary ? analyze(document.secondary) : undefined;
  const lead = analyze(leadOf(document.primary)).folded.slice(0, leadSyllables);
  return [
    primary.folded,
    primary.pairs,
    primary.exact,
    secondary?.folded.map((term) => `s:${term}`) ?? [],
    secondary?.pairs.map((term) => `s:${term}`) ?? [],
    lead.map((term) => `l:${term}`),
  ];
}

/**
 * Builds the inverted index one document at a time (documents numbered from 0 in order, so a
 * large collection's terms need not all be held at once), then packs it into typed arrays.
 */
export function createIndexBuilder(count: number) {
  const lengths = views.map(() => new Float32Array(count));
  const building = new Map<string, { view: number; docs: number[]; frequencies: number[] }>();
  return {
    /** `byView`: the document's terms in each view, as `documentTerms` gives them. */
    add(docIndex: number, byView: string[][]) {
      byView.forEach((terms, view) => {
        lengths[view]![docIndex] = terms.length;
        const frequency = new Map<string, number>();
        for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
        for (const [term, tf] of frequency) {
          let postings = building.get(term);
          if (!postings) building.set(term, (postings = { view, docs: [], frequencies: [] }));
          postings.docs.push(docIndex);
          postings.frequencies.push(tf);
        }
      });
    },
    finish(): InvertedIndex {
      const postings = new Map<string, Postings>();
      for (const [term, built] of building) {
        postings.set(term, { view: built.view, docs: Int32Array.from(built.docs), frequencies: Float32Array.from(built.frequencies) });
      }
      const averageLength = lengths.map((values) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, count) || 1);
      return { postings, lengths, averageLength };
    },
  };
}
