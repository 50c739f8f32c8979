import { createWordFolder } from "../shared/index.js";
import { createDefinitionFinder, definedTerm, lastClause } from "./definitions.js";
import { countAccents } from "./search-accents.js";
import { createIndexBuilder, documentTerms, views, type SearchDocument, type View } from "./search-index.js";
import { uninformative, weighQuery, type QueryTerm } from "./search-query.js";
import { addPostings, lengthNorms, topDocuments } from "./search-ranking.js";
import { createSpellingCorrector } from "./search-spelling.js";
import type { Analyzer } from "./vietnamese.js";

export type { SearchDocument } from "./search-index.js";

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

export const defaultSearchSettings: SearchSettings = {
  weight: { folded: 1, pairs: 1, exact: 0.5, secondaryFolded: 0.3, secondaryPairs: 0.3, lead: 0.3 },
  k1: 1.2,
  pairsK1: 0.8,
  b: 0.75,
  correctedWeight: 0.7,
  uninformativeWeight: 0.5,
};

export interface SearchEngine {
  search(query: string, options?: { limit?: number; boostDocument?: (id: string) => number }): SearchHit[];
  size: number;
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

  const builder = createIndexBuilder(count);
  const accents = countAccents();
  const exactView = views.indexOf("exact");
  options.documents.forEach((document, docIndex) => {
    const terms = documentTerms(analyze, document);
    accents.add(terms[exactView]!);
    builder.add(docIndex, terms);
  });
  const { postings: index, lengths, averageLength } = builder.finish();
  const k1OfView = (view: number) => (view === 1 ? settings.pairsK1 : settings.k1);
  const norms = lengthNorms(lengths, averageLength, k1OfView, settings.b);
  const fold = createWordFolder();
  const weighing = { weight: settings.weight, uninformativeWeight: settings.uninformativeWeight, restoreAccents: accents.restorer() };
  const definitionsOf = createDefinitionFinder(options.documents.map((document) => `${document.primary}\n${document.secondary ?? ""}`));
  const corrector = createSpellingCorrector([...index.keys()].filter((term) => /^[a-z0-9]+$/.test(term)));
  // From a document frequency: each term's postings are looked up once per use, not again for its idf.
  const idfOf = (df: number) => Math.log(1 + (count - df + 0.5) / (df + 0.5));
  const unknownTermIdf = Math.log(1 + (count + 0.5) / 0.5);
  const idfOrUnknown = (sum: number, term: string) => {
    const postings = index.get(term);
    return sum + (postings ? idfOf(postings.docs.length) : unknownTermIdf);
  };
  const documentsWith = (term: string) => index.get(term)?.docs.length ?? 0;
  // A typo is most likely the syllable that makes a known word with its neighbours
  // ("ngan hag" → "hang", not the more frequent "hai"); only then the most frequent one.
  const fitBetween = (previous: string | undefined, next: string | undefined) => (candidate: string) => {
    const pairs = (previous ? documentsWith(`${previous}_${candidate}`) : 0) + (next ? documentsWith(`${candidate}_${next}`) : 0);
    return pairs * (count + 1) + documentsWith(candidate);
  };
  // Known syllables as typed; unknown ones replaced by the closest known syllable.
  const correctAt = (term: string, position: number, all: string[]): QueryTerm => {
    if (index.has(term) || term.length < 3) return { term, weight: 1 };
    const corrected = corrector(term, fitBetween(all[position - 1], all[position + 1]));
    return corrected ? { term: corrected, weight: settings.correctedWeight } : { term, weight: 1 };
  };
  // Scratch space for one search, zeroed again for the documents it touched.
  const scores = new Float64Array(count);
  const covered = new Float64Array(count);
  const coveredExact = new Float64Array(count);
  const coveredPairs = new Float64Array(count);
  const ranked = new Float64Array(count);

  /** Adds each term's BM25 share to the documents that have it; returns the documents touched. */
  function score(weights: Map<string, number>, informativeExact: string[]): number[] {
    const touched: number[] = [];
    for (const [term, weight] of weights) {
      const postings = index.get(term);
      if (!postings) continue;
      const termIdf = idfOf(postings.docs.length);
      const coverageView =
        postings.view === 0 && !uninformative.has(term)
          ? covered
          : postings.view === 1
            ? coveredPairs
            : postings.view === 2 && informativeExact.includes(term)
              ? coveredExact
              : undefined;
      const share = { weighted: weight * termIdf, saturation: k1OfView(postings.view) + 1, idf: termIdf };
      addPostings(postings, share, norms[postings.view]!, scores, coverageView, touched);
    }
    return touched;
  }

  // A text defining the term a question asks about comes first, then the others, each by its score.
  // The question's own syllables, already corrected, unless a clause comes before the last one.
  function putDefinitionsFirst(query: string, unigrams: QueryTerm[], touched: number[]) {
    const clause = lastClause(query);
    const clauseSyllables =
      clause === query
        ? unigrams.map((unigram) => unigram.term)
        : analyze(clause).folded.map((syllable, position, all) => correctAt(syllable, position, all).term);
    const term = definedTerm(clauseSyllables);
    if (!term) return;
    let best = 0;
    for (const doc of touched) best = Math.max(best, scores[doc]!);
    for (const doc of definitionsOf(term)) if (scores[doc]! > 0) scores[doc]! += best;
  }

  return {
    size: count,
    search(query, searchOptions = {}) {
      const analysis = analyze(query);
      const unigrams = analysis.folded.map(correctAt);
      const weights = weighQuery(unigrams, analysis, weighing);

      const informative = [...new Set(unigrams.map((u) => u.term).filter((term) => !uninformative.has(term)))];
      const informativeWeight = informative.reduce(idfOrUnknown, 0);
      // With diacritics typed, "phở" must not count as found in a text about "thành phố":
      // half of the coverage then comes from the accented syllables.
      const informativeExact = [...new Set(analysis.exact.filter((term) => !uninformative.has(fold(term.slice(1)))))];
      const exactWeight = informativeExact.reduce(idfOrUnknown, 0);
      // Syllable pairs carry the meaning of two-syllable words: "nấu phở" shares syllables with
      // "thành phố" but no pair; half of the confidence comes from the pairs.
      const queryPairs = [...weights.keys()].filter((term) => term.includes("_") && !term.startsWith("s:"));
      const pairWeight = queryPairs.reduce(idfOrUnknown, 0);

      const touched = score(weights, informativeExact);
      putDefinitionsFirst(query, unigrams, touched);
      const { boostDocument } = searchOptions;
      for (const doc of touched) ranked[doc] = boostDocument ? scores[doc]! * (boostDocument(options.documents[doc]!.id) ?? 1) : scores[doc]!;
      const hits: SearchHit[] = topDocuments(touched, ranked, searchOptions.limit ?? 10).map((doc) => {
        const foldedCoverage = informativeWeight ? Math.min(1, covered[doc]! / informativeWeight) : 0;
        const syllableCoverage = exactWeight ? (foldedCoverage + Math.min(1, coveredExact[doc]! / exactWeight)) / 2 : foldedCoverage;
        const coverage = pairWeight ? (syllableCoverage + Math.min(1, coveredPairs[doc]! / pairWeight)) / 2 : syllableCoverage;
        return { id: options.documents[doc]!.id, score: ranked[doc]!, coverage };
      });
      for (const doc of touched) {
        scores[doc] = 0;
        covered[doc] = 0;
        coveredExact[doc] = 0;
        coveredPairs[doc] = 0;
      }
      return hits;
    },
  };
}
