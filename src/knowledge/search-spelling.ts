/**
 * One-edit spelling correction (insertion, deletion, substitution, transposition) by the
 * symmetric-delete method: a word and a known syllable match when they share a
 * one-letter deletion. The candidate that fits best wins.
 */
export function createSpellingCorrector(vocabulary: string[]) {
  const byDeletion = new Map<string, string[]>();
  const register = (key: string, term: string) => {
    const list = byDeletion.get(key);
    if (list) list.push(term);
    else byDeletion.set(key, [term]);
  };
  for (const term of vocabulary) {
    if (term.length < 3) continue;
    register(term, term);
    for (const variant of deletions(term)) register(variant, term);
  }
  return (word: string, fit: (candidate: string) => number): string | undefined => {
    let best: string | undefined;
    let bestFit = -Infinity;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of byDeletion.get(key) ?? []) {
        if (candidate === word || !withinOneEdit(word, candidate)) continue;
        const candidateFit = fit(candidate);
        if (candidateFit > bestFit) [best, bestFit] = [candidate, candidateFit];
      }
    }
    return best;
  };
}

function deletions(word: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < word.length; i++) result.push(word.slice(0, i) + word.slice(i + 1));
  return result;
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length <= 1) return true;
    const [i, j] = diff as [number, number];
    return diff.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}
