import { removeDiacritics as fold } from "../shared/index.js";

// Guessing a syllable's accents alone, without a neighbour to go by, only when one spelling clearly dominates.
const dominantShare = 0.6;

/**
 * Counts how the texts accent each syllable and each pair of syllables, to put accents back on
 * plain questions: the accented form the texts use most often with the same neighbour, else, for
 * a syllable alone, its clearly dominant form.
 */
export function countAccents() {
  const syllableCounts = new Map<string, number>();
  const followerCounts = new Map<string, Map<string, number>>();
  return {
    /** `exact`: one text's accented syllables ("~thận"), in order. */
    add(exact: string[]) {
      exact.forEach((syllable, position) => {
        syllableCounts.set(syllable, (syllableCounts.get(syllable) ?? 0) + 1);
        if (!position) return;
        const previous = exact[position - 1]!;
        let followers = followerCounts.get(previous);
        if (!followers) followerCounts.set(previous, (followers = new Map()));
        followers.set(syllable, (followers.get(syllable) ?? 0) + 1);
      });
    },
    restorer: () => createAccentRestorer(syllableCounts, followerCounts),
  };
}

/** Keeps, for each folding, only the most frequent accented syllable and pair. */
function createAccentRestorer(syllableCounts: Map<string, number>, followerCounts: Map<string, Map<string, number>>) {
  // Far fewer syllables than pairs: fold each syllable once.
  const folded = new Map([...syllableCounts.keys()].map((syllable) => [syllable, fold(syllable)]));

  const bestSyllable = new Map<string, { accented: string; count: number; total: number }>();
  for (const [accented, count] of syllableCounts) {
    const key = folded.get(accented)!;
    const best = bestSyllable.get(key);
    if (!best) bestSyllable.set(key, { accented, count, total: count });
    else {
      best.total += count;
      if (count > best.count) [best.accented, best.count] = [accented, count];
    }
  }
  const bestPair = new Map<string, { first: string; second: string; count: number }>();
  for (const [first, followers] of followerCounts) {
    for (const [second, count] of followers) {
      const key = `${folded.get(first)}_${folded.get(second)}`;
      if (count > (bestPair.get(key)?.count ?? 0)) bestPair.set(key, { first, second, count });
    }
  }

  /** For each folded syllable, its most likely accented form ("~thận"), or undefined when unknown or unclear. */
  return function restore(syllables: string[]): (string | undefined)[] {
    // Each pair is the right pair of one syllable and the left pair of the next: looked up once.
    const pairs = syllables.slice(1).map((next, position) => bestPair.get(`~${syllables[position]}_~${next}`));
    return syllables.map((syllable, position) => {
      const left = position === 0 ? undefined : pairs[position - 1];
      const right = pairs[position];
      // The more frequent pair decides: its accents come from a word the texts actually use.
      if (left && (!right || left.count >= right.count)) return left.second;
      if (right) return right.first;
      const alone = bestSyllable.get(`~${syllable}`);
      return alone && alone.count >= dominantShare * alone.total ? alone.accented : undefined;
    });
  };
}
