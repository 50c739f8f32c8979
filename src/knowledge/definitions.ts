import { removeDiacritics } from "../shared/index.js";

/**
 * "X là gì?", "Định nghĩa của X", "X được hiểu như thế nào?": the answer is the text that
 * defines X — a sentence or list item starting "X là …". Such texts are often long lists of
 * definitions that plain BM25 ranks low, so the engine puts them first when it sees one.
 */

const asksWhatItIs =
  / (?:la gi|nghia la gi|co nghia la gi|la cai gi|duoc hieu (?:nhu the nao|la gi|ra sao|the nao)|duoc dinh nghia (?:nhu the nao|la gi|ra sao)|duoc giai thich (?:nhu the nao|la gi|ra sao))(?: .*)?$/;
const asksForDefinition = /^(?:dinh nghia|khai niem|giai thich)(?: (?:cua|ve|tu))? (.+)$/;
const whatIsCalled = /^the nao (?:duoc goi |thi duoc goi )?la (.+)$/;
const MAX_TERM_SYLLABLES = 8;

/** "Theo Bộ luật Dân sự 2015, lợi tức được hiểu như thế nào?" asks about its last clause. */
export function lastClause(question: string): string {
  return question.split(/[,;]/).pop() ?? "";
}

/**
 * The term a question asks to define, from the question's folded syllables (shorthand already
 * expanded, typos already corrected); undefined for other questions.
 */
export function definedTerm(syllables: string[]): string | undefined {
  const text = syllables.join(" ");
  const term = asksForDefinition.exec(text)?.[1] ?? whatIsCalled.exec(text)?.[1] ?? (asksWhatItIs.test(text) ? text.replace(asksWhatItIs, "") : undefined);
  const cleaned = term?.replace(/^(?:cho (?:em|toi|minh) hoi |xin hoi |hoi )/, "").trim();
  if (!cleaned || cleaned.split(" ").length > MAX_TERM_SYLLABLES) return undefined;
  return cleaned;
}

/**
 * Finds the texts that define a term: "X là …" at the start of a sentence, line or list item.
 * Only the texts where a sentence, line or list item starts with the term's first syllable can
 * match, so the pattern runs on those alone rather than on every text for every question.
 */
export function createDefinitionFinder(texts: string[]) {
  const folded = texts.map(fold);
  const starts = indexStarts(folded);
  return (term: string): number[] => {
    const escaped = term.replace(/ /g, "[\\s\"“”'‘’]+");
    const pattern = new RegExp(`(?:^|[\\n.:;!?]|\\d+[.)]|\\b[a-z]\\))[\\s"“”'‘’]*${escaped}[\\s"“”'‘’]*(?:la|duoc hieu la)\\b`);
    return starts.candidates(term).filter((index) => pattern.test(folded[index]!));
  };
}

// What the pattern allows just before the term: the end of a sentence or list marker, a space or a quote.
const runAfterBoundary = /(?:^|[\s"“”'‘’.:;!?)])([\p{L}\p{N}]+)/gu;
const syllable = /^[\p{L}\p{N}]+$/u;

/**
 * For each run of letters and digits that starts where a definition may start, the texts that
 * have it there. A term's first syllable is such a run, whole when more syllables follow it; a
 * one-syllable term may run straight into "la" ("visala"), so it is looked up as a prefix.
 */
function indexStarts(texts: string[]) {
  const textsByRun = new Map<string, number[]>();
  texts.forEach((text, index) => {
    for (const [, run] of text.matchAll(runAfterBoundary)) {
      const list = textsByRun.get(run!);
      if (!list) textsByRun.set(run!, [index]);
      else if (list.at(-1) !== index) list.push(index);
    }
  });
  const runs = [...textsByRun.keys()].sort();
  const all = texts.map((_, index) => index);
  return {
    /** The texts that may define `term`, in order; every text when its first syllable is not a plain run. */
    candidates(term: string): number[] {
      const syllables = term.split(" ");
      const first = syllables[0]!;
      if (!syllable.test(first)) return all;
      if (syllables.length > 1) return textsByRun.get(first) ?? [];
      const found = new Set<number>();
      for (let at = lowerBound(runs, first); at < runs.length && runs[at]!.startsWith(first); at++) {
        for (const index of textsByRun.get(runs[at]!)!) found.add(index);
      }
      return [...found].sort((a, b) => a - b);
    },
  };
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

function fold(text: string): string {
  return removeDiacritics(text.normalize("NFC")).toLowerCase();
}
