import { removeDiacritics } from "../shared/index.js";
import { indexDefinitionCandidates } from "./definition-candidates.js";

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

// The pattern of a definition, around the term: the start of a text, sentence, line or list
// item, maybe a space or quote, the term, then "là" or "được hiểu là".
const before = `(?:^|[\\n.:;!?]|\\d+[.)]|\\b[a-z]\\))[\\s"“”'‘’]*`;
const after = `[\\s"“”'‘’]*(?:la|duoc hieu la)\\b`;
const plainTerm = /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u;
// What `before` can end with: a term anywhere else cannot be defined there.
const mayPrecede = /[\s"“”'‘’.:;!?)]/;

/**
 * Finds the texts that define a term: "X là …" at the start of a sentence, line or list item.
 * Scanning every text with the pattern cost a millisecond per "X là gì" question, so the pattern
 * runs only on the texts that have the term's syllables where it needs them, and in those only
 * where the term's first syllable is: the same answer, as the pattern at the term's place
 * (`before` looking behind it) matches exactly when the whole pattern matches somewhere.
 */
export function createDefinitionFinder(texts: string[]) {
  const folded = texts.map(fold);
  const candidates = indexDefinitionCandidates(folded);
  return (term: string): number[] => {
    const escaped = term.replace(/ /g, "[\\s\"“”'‘’]+");
    if (!plainTerm.test(term)) {
      // Never so from the engine: the whole pattern over every text.
      const pattern = new RegExp(`${before}${escaped}${after}`);
      return folded.flatMap((text, index) => (pattern.test(text) ? [index] : []));
    }
    const definition = new RegExp(`(?<=${before})${escaped}${after}`, "y");
    const first = term.split(" ")[0]!;
    return candidates(term).filter((index) => definesAt(folded[index]!, first, definition));
  };
}

/** Whether `definition` (sticky) matches at a place of `text` where `first` is. */
function definesAt(text: string, first: string, definition: RegExp): boolean {
  for (let at = text.indexOf(first); at !== -1; at = text.indexOf(first, at + 1)) {
    if (at > 0 && !mayPrecede.test(text[at - 1]!)) continue;
    definition.lastIndex = at;
    if (definition.test(text)) return true;
  }
  return false;
}

function fold(text: string): string {
  return removeDiacritics(text.normalize("NFC")).toLowerCase();
}
