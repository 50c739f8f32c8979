import type { View } from "./search-index.js";
import type { Analysis } from "./vietnamese.js";

// Particles and pronouns that say nothing about what is asked; they do not count for coverage.
export const uninformative = new Set(
  (
    "a ah ak oi nhe nha nhi ha hen day do thi la ma cho hoi xin chao ad admin minh toi em anh chi ban " +
    "moi nguoi voi cua va hay hoac nhung cac duoc khong co gi sao nao the nhu roi chua muon can biet giup " +
    "vui long lam on bac chu di ko nay kia ay o tai trong ra vao len xuong"
  ).split(" "),
);

/** A folded syllable of the question, as typed or corrected, and how much it counts. */
export interface QueryTerm {
  term: string;
  weight: number;
}

/**
 * Every term the question looks for, in every view, with its weight: the syllables (particles
 * count less), their pairs (as much as the weaker of the two), the accented syllables typed,
 * and — for a question typed without accents — the accents the texts most likely meant.
 */
export function weighQuery(
  unigrams: QueryTerm[],
  analysis: Analysis,
  context: {
    weight: Record<View, number>;
    uninformativeWeight: number;
    restoreAccents: (syllables: string[]) => (string | undefined)[];
  },
): Map<string, number> {
  const { weight: viewWeight } = context;
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  for (const { term, weight: base } of unigrams) {
    const weight = uninformative.has(term) ? base * context.uninformativeWeight : base;
    add(term, weight * viewWeight.folded);
    add(`s:${term}`, weight * viewWeight.secondaryFolded);
    add(`l:${term}`, weight * viewWeight.lead);
  }
  for (let position = 1; position < unigrams.length; position++) {
    const pair = `${unigrams[position - 1]!.term}_${unigrams[position]!.term}`;
    const weight = Math.min(unigrams[position - 1]!.weight, unigrams[position]!.weight);
    add(pair, weight * viewWeight.pairs);
    add(`s:${pair}`, weight * viewWeight.secondaryPairs);
  }
  for (const term of analysis.exact) add(term, viewWeight.exact);
  // Without diacritics "than" may be "thận", "than" or "thân": the accents the texts use most
  // around the same neighbours ("ghep than" → "ghép thận") stand in for the ones not typed.
  // They only rank; coverage still counts what was typed.
  if (!analysis.hasDiacritics) {
    context.restoreAccents(unigrams.map((u) => u.term)).forEach((term, position) => {
      if (term) add(term, viewWeight.exact * unigrams[position]!.weight);
    });
  }
  return weights;
}
