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

/**
 * Finds the texts that define a term: "X là …" at the start of a sentence, line or list item.
 * The pattern runs only on the texts that have the term's syllables where it needs them.
 */
export function createDefinitionFinder(texts: string[]) {
  const folded = texts.map(fold);
  const candidates = indexDefinitionCandidates(folded);
  return (term: string): number[] => {
    const escaped = term.replace(/ /g, "[\\s\"“”'‘’]+");
    const pattern = new RegExp(`(?:^|[\\n.:;!?]|\\d+[.)]|\\b[a-z]\\))[\\s"“”'‘’]*${escaped}[\\s"“”'‘’]*(?:la|duoc hieu la)\\b`);
    return candidates(term).filter((index) => pattern.test(folded[index]!));
  };
}

function fold(text: string): string {
  return removeDiacritics(text.normalize("NFC")).toLowerCase();
}
