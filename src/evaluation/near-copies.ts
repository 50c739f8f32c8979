import type { Analyzer } from "../knowledge/index.js";

/**
 * A development question must be written by someone asking, not copied from an entry: a set
 * that repeats the entries' own questions measures nothing. Two questions are near copies when
 * their syllables (folded, shorthand expanded) are nearly the same words in nearly the same
 * order: Dice similarity of the syllables and of the syllable pairs both at least `threshold`.
 */
export const NEAR_COPY_THRESHOLD = 0.75;

export interface NearCopy {
  question: string;
  entryId: string;
  entryQuestion: string;
  similarity: number;
}

export function findNearCopies(
  analyze: Analyzer,
  questions: string[],
  entries: { id: string; questions: string[] }[],
  threshold = NEAR_COPY_THRESHOLD,
): NearCopy[] {
  const shape = (text: string) => {
    const syllables = analyze(text).folded;
    return { syllables: counts(syllables), pairs: counts(syllables.slice(1).map((syllable, index) => `${syllables[index]} ${syllable}`)) };
  };
  const known = entries.flatMap((entry) => entry.questions.map((question) => ({ entryId: entry.id, question, shape: shape(question) })));
  const found: NearCopy[] = [];
  for (const question of questions) {
    const asked = shape(question);
    for (const candidate of known) {
      const similarity = Math.min(dice(asked.syllables, candidate.shape.syllables), dice(asked.pairs, candidate.shape.pairs));
      if (similarity >= threshold) {
        found.push({ question, entryId: candidate.entryId, entryQuestion: candidate.question, similarity });
        break;
      }
    }
  }
  return found;
}

function counts(items: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of items) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [item, count] of a) {
    shared += Math.min(count, b.get(item) ?? 0);
    total += count;
  }
  for (const count of b.values()) total += count;
  return total ? (2 * shared) / total : 0;
}
