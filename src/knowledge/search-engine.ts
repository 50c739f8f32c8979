import { removeDiacritics as fold } from "../shared/index.js";
import { createDefinitionFinder, definedTerm, lastClause } from "./definitions.js";
import { countAccents } from "./search-accents.js";
import { createSpellingCorrector } from "./search-spelling.js";
import type { Analyzer } from "./vietnamese.js";

/** A text to find: `primary` is what it is about (title, questions, a passage), `secondary` the rest. */
export interface SearchDocument {
  id: string;
  primary: string;
  secondary?: string;
}

export interface SearchHit {
  id: string;
  score: number;
  /** Share of the question's informative syllables found in the document, weighted by rarity (0–1). */
  coverage: number;
}

export interface SearchSettings {
  /**
   * Weight of each view of the text. The accented view only counts when the question has diacritics;
   * the lead is the first line of `primary` (a title or a heading).
   */
  weight: Record<View, number>;
  k1: number;
  /**
   * Saturation of the syllable-pair view: a pair repeated in a passage says less each time
   * than a repeated syllable does (measured on the public sets: ViRHE4QA +0.7, ALQAC +0.4).
   */
  pairsK1: number;
  b: number;
  /** A misspelt syllable matched to a known one within one edit counts this much. */
  correctedWeight: number;
  /** Particles and pronouns ("cho hỏi", "có… không") count this much in the ranking. */
  uninformativeWeight: number;
}

type View = "folded" | "pairs" | "exact" | "secondaryFolded" | "secondaryPairs" | "lead";
const views: View[] = ["folded", "pairs", "exact", "secondaryFolded", "secondaryPairs", "lead"];

export const defaultSearchSettings: SearchSettings = {
  weight: { folded: 1, pairs: 1, exact: 0.5, secondaryFolded: 0.3, secondaryPairs: 0.3, lead: 0.3 },
  k1: 1.2,
  pairsK1: 0.8,
  b: 0.75,
  correctedWeight: 0.7,
  uninformativeWeight: 0.5,
};

// A text without line breaks is its own first line; past this many syllables it is a passage, not a title.
const leadSyllables = 60;

/** The first non-empty line: a title or heading says what the whole text is about. */
function leadOf(text: string): string {
  return text.split("\n").find((line) => line.trim()) ?? "";
}

// Particles and pronouns that say nothing about what is asked; they do not count for coverage.
const uninformative = new Set(
  (
    "a ah ak oi nhe nha nhi ha hen day do thi la ma cho hoi xin chao ad admin minh toi em anh chi ban " +
    "moi nguoi voi cua va hay hoac nhung cac duoc khong co gi sao nao the nhu roi chua muon can biet giup " +
    "vui long lam on bac chu di ko nay kia ay o tai trong ra vao len xuong"
  ).split(" "),
);

export interface SearchEngine {
  search(query: string, options?: { limit?: number; boostDocument?: (id: string) => number }): SearchHit[];
  size: number;
}

interface Postings {
  docs: Int32Array;
  frequencies: Float32Array;
  view: number;
}

/**
 * BM25 over the views of each text, with an inverted index in typed arrays. Written here
 * rather than taken from MiniSearch: MiniSearch multiplies every score by the number of
 * matched query terms, which cost 8 points of top-1 on ViMedAQA, and it builds a result
 * object for every matching document, which made long questions 10–30× slower.
 */
export function createSearchEngine(options: { analyze: Analyzer; documents: SearchDocument[]; settings?: SearchSettings }): SearchEngine {
  const { analyze } = options;
  const settings = options.settings ?? defaultSearchSettings;
  const count = options.documents.length;
  const lengths = views.map(() => new Float32Array(count));
  const building = new Map<string, { view: number; docs: number[]; frequencies: number[] }>();

  const accents = countAccents();
  options.documents.forEach((document, docIndex) => {
    const primary = analyze(document.primary);
    accents.add(primary.exact);
    const secondary = document.secondary ? analyze(document.secondary) : undefined;
    const lead = analyze(leadOf(document.primary)).folded.slice(0, leadSyllables);
    const byView: string[][] = [
      primary.folded,
      primary.pairs,
      primary.exact,
      secondary?.folded.map((term) => `s:${term}`) ?? [],
      secondary?.pairs.map((term) => `s:${term}`) ?? [],
      lead.map((term) => `l:${term}`),
    ];
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
  });

  const index = new Map<string, Postings>();
  for (const [term, postings] of building) {
    index.set(term, { view: postings.view, docs: Int32Array.from(postings.docs), frequencies: Float32Array.from(postings.frequencies) });
  }
  const averageLength = lengths.map((values) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, count) || 1);
  const restoreAccents = accents.restorer();
  const definitionsOf = createDefinitionFinder(options.documents.map((document) => `${document.primary}\n${document.secondary ?? ""}`));
  const corrector = createSpellingCorrector([...index.keys()].filter((term) => /^[a-z0-9]+$/.test(term)));
  const idf = (term: string) => {
    const df = index.get(term)?.docs.length ?? 0;
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };
  const unknownTermIdf = Math.log(1 + (count + 0.5) / 0.5);
  const documentsWith = (term: string) => index.get(term)?.docs.length ?? 0;
  // A typo is most likely the syllable that makes a known word with its neighbours
  // ("ngan hag" → "hang", not the more frequent "hai"); only then the most frequent one.
  const fitBetween = (previous: string | undefined, next: string | undefined) => (candidate: string) => {
    const pairs = (previous ? documentsWith(`${previous}_${candidate}`) : 0) + (next ? documentsWith(`${candidate}_${next}`) : 0);
    return pairs * (count + 1) + documentsWith(candidate);
  };
  // Known syllables as typed; unknown ones replaced by the closest known syllable.
  const correctAt = (term: string, position: number, all: string[]) => {
    if (index.has(term) || term.length < 3) return { term, weight: 1 };
    const corrected = corrector(term, fitBetween(all[position - 1], all[position + 1]));
    return corrected ? { term: corrected, weight: settings.correctedWeight } : { term, weight: 1 };
  };
  const scores = new Float64Array(count);
  const covered = new Float64Array(count);
  const coveredExact = new Float64Array(count);
  const coveredPairs = new Float64Array(count);

  return {
    size: count,
    search(query, searchOptions = {}) {
      const analysis = analyze(query);
      const unigrams = analysis.folded.map(correctAt);
      const weights = new Map<string, number>();
      const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
      for (const { term, weight: base } of unigrams) {
        const weight = uninformative.has(term) ? base * settings.uninformativeWeight : base;
        add(term, weight * settings.weight.folded);
        add(`s:${term}`, weight * settings.weight.secondaryFolded);
        add(`l:${term}`, weight * settings.weight.lead);
      }
      for (let position = 1; position < unigrams.length; position++) {
        const pair = `${unigrams[position - 1]!.term}_${unigrams[position]!.term}`;
        const weight = Math.min(unigrams[position - 1]!.weight, unigrams[position]!.weight);
        add(pair, weight * settings.weight.pairs);
        add(`s:${pair}`, weight * settings.weight.secondaryPairs);
      }
      for (const term of analysis.exact) add(term, settings.weight.exact);
      // Without diacritics "than" may be "thận", "than" or "thân": the accents the texts use most
      // around the same neighbours ("ghep than" → "ghép thận") stand in for the ones not typed.
      // They only rank; coverage still counts what was typed.
      if (!analysis.hasDiacritics) {
        restoreAccents(unigrams.map((u) => u.term)).forEach((term, position) => {
          if (term) add(term, settings.weight.exact * unigrams[position]!.weight);
        });
      }

      const informative = [...new Set(unigrams.map((u) => u.term).filter((term) => !uninformative.has(term)))];
      const informativeWeight = informative.reduce((sum, term) => sum + (index.has(term) ? idf(term) : unknownTermIdf), 0);
      // With diacritics typed, "phở" must not count as found in a text about "thành phố":
      // half of the coverage then comes from the accented syllables.
      const informativeExact = [...new Set(analysis.exact.filter((term) => !uninformative.has(fold(term.slice(1)))))];
      const exactWeight = informativeExact.reduce((sum, term) => sum + (index.has(term) ? idf(term) : unknownTermIdf), 0);

      // Syllable pairs carry the meaning of two-syllable words: "nấu phở" shares syllables with
      // "thành phố" but no pair; half of the confidence comes from the pairs.
      const queryPairs = [...weights.keys()].filter((term) => term.includes("_") && !term.startsWith("s:"));
      const pairWeight = queryPairs.reduce((sum, term) => sum + (index.has(term) ? idf(term) : unknownTermIdf), 0);

      const touched: number[] = [];
      for (const [term, weight] of weights) {
        const postings = index.get(term);
        if (!postings) continue;
        const termIdf = idf(term);
        const lengthOf = lengths[postings.view]!;
        const average = averageLength[postings.view]!;
        const k1 = postings.view === 1 ? settings.pairsK1 : settings.k1;
        const coverageView =
          postings.view === 0 && !uninformative.has(term)
            ? covered
            : postings.view === 1
              ? coveredPairs
              : postings.view === 2 && informativeExact.includes(term)
                ? coveredExact
                : undefined;
        for (let i = 0; i < postings.docs.length; i++) {
          const doc = postings.docs[i]!;
          const tf = postings.frequencies[i]!;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += weight * termIdf * ((tf * (k1 + 1)) / (tf + k1 * (1 - settings.b + (settings.b * lengthOf[doc]!) / average)));
          if (coverageView) coverageView[doc]! += termIdf;
        }
      }
      // A text defining the term a question asks about comes first, then the others, each by its score.
      // The question's own syllables, already corrected, unless a clause comes before the last one.
      const clause = lastClause(query);
      const clauseSyllables =
        clause === query
          ? unigrams.map((unigram) => unigram.term)
          : analyze(clause).folded.map((syllable, position, all) => correctAt(syllable, position, all).term);
      const term = definedTerm(clauseSyllables);
      if (term) {
        let best = 0;
        for (const doc of touched) best = Math.max(best, scores[doc]!);
        for (const doc of definitionsOf(term)) if (scores[doc]! > 0) scores[doc]! += best;
      }
      const hits: SearchHit[] = touched.map((doc) => {
        const id = options.documents[doc]!.id;
        const boost = searchOptions.boostDocument?.(id) ?? 1;
        const foldedCoverage = informativeWeight ? Math.min(1, covered[doc]! / informativeWeight) : 0;
        const syllableCoverage = exactWeight ? (foldedCoverage + Math.min(1, coveredExact[doc]! / exactWeight)) / 2 : foldedCoverage;
        const coverage = pairWeight ? (syllableCoverage + Math.min(1, coveredPairs[doc]! / pairWeight)) / 2 : syllableCoverage;
        return { id, score: scores[doc]! * boost, coverage };
      });
      for (const doc of touched) {
        scores[doc] = 0;
        covered[doc] = 0;
        coveredExact[doc] = 0;
        coveredPairs[doc] = 0;
      }
      hits.sort((a, b) => b.score - a.score);
      return hits.slice(0, searchOptions.limit ?? 10);
    },
  };
}
