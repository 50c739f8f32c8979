/**
 * Which texts may define a term, found from an index of their words, so that the definition
 * pattern (a fresh RegExp per question, scanning a whole text) runs on a few texts rather than
 * on every text for every "X là gì" question. Every text the pattern would match is among the
 * candidates; the pattern still decides.
 *
 * The pattern puts a space or quote (`[\s"“”'‘’]+`) between the term's syllables, and before
 * the term only the start of the text, a sentence or list mark, a space or a quote. So, with
 * "runs" the longest stretches of letters and digits of a text:
 * - the first syllable begins a run just after such a mark, and is that whole run when more
 *   syllables follow;
 * - every middle syllable is a whole run;
 * - the last syllable begins a run, which may go on ("visala": nothing needs to separate the
 *   term from "là"), and so does a term of one syllable.
 */

// The characters the pattern allows just before a term (or the text's start), then a run.
const runAfterBoundary = /(?:^|[\s"“”'‘’.:;!?)])([\p{L}\p{N}]+)/gu;
const anyRun = /[\p{L}\p{N}]+/gu;
const syllable = /^[\p{L}\p{N}]+$/u;

/** `texts`: folded as the pattern sees them. */
export function indexDefinitionCandidates(texts: string[]) {
  const starting = new RunIndex();
  const anywhere = new RunIndex();
  texts.forEach((text, index) => {
    for (const [, run] of text.matchAll(runAfterBoundary)) starting.add(run!, index);
    for (const [run] of text.matchAll(anyRun)) anywhere.add(run, index);
  });
  starting.finish();
  anywhere.finish();
  const all = texts.map((_, index) => index);

  /** The texts that may define `term` (folded syllables joined by spaces), in order. */
  return function candidates(term: string): number[] {
    const syllables = term.split(" ");
    // Not plain syllables (never so from the engine): no shortcut, every text.
    if (!syllables.every((part) => syllable.test(part))) return all;
    const last = syllables.length - 1;
    const lists = syllables.map((part, position) => {
      if (position === 0) return last === 0 ? starting.beginningWith(part) : starting.exactly(part);
      return position === last ? anywhere.beginningWith(part) : anywhere.exactly(part);
    });
    return lists.sort((a, b) => a.length - b.length).reduce(intersect);
  };
}

/** Run → the texts that have it (ascending), and the runs in order for looking up by beginning. */
class RunIndex {
  private readonly texts = new Map<string, number[]>();
  private runs: string[] = [];

  add(run: string, text: number) {
    const list = this.texts.get(run);
    if (!list) this.texts.set(run, [text]);
    else if (list.at(-1) !== text) list.push(text);
  }

  finish() {
    this.runs = [...this.texts.keys()].sort();
  }

  exactly(run: string): number[] {
    return this.texts.get(run) ?? [];
  }

  /** The texts with a run that begins with `prefix`, ascending. */
  beginningWith(prefix: string): number[] {
    const lists: number[][] = [];
    for (let at = lowerBound(this.runs, prefix); at < this.runs.length && this.runs[at]!.startsWith(prefix); at++) {
      lists.push(this.texts.get(this.runs[at]!)!);
    }
    if (lists.length <= 1) return lists[0] ?? [];
    return [...new Set(lists.flat())].sort((a, b) => a - b);
  }
}

/** The numbers in both ascending lists. */
function intersect(a: number[], b: number[]): number[] {
  const both: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      both.push(a[i]!);
      i++;
      j++;
    }
  }
  return both;
}

/** The first position in sorted `values` whose value is not less than `value`. */
function lowerBound(values: string[], value: string): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
