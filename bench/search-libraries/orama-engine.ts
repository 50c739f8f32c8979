import { create, insertMultiple, search, type Tokenizer } from "@orama/orama";
import type { LibraryTokenizer, RetrievalEngine } from "./vietnamese-tokens.js";

export interface OramaTuning {
  /** Levenshtein distance allowed for every query term (Orama has no per-term setting). */
  tolerance: number;
  accentedBoost: number;
  relevance?: { k: number; b: number; d: number };
}

/**
 * Measured on ALQAC and ViRHE4QA (top-1, questions as written): a tolerance of 1 costs 30
 * points and is 6x slower; Orama already divides a term's frequency by the field's length,
 * so BM25's length normalisation counts length twice: b 0.75 (its default) 77.0 / 55.1,
 * b 0.3 88.5, b 0.1 91.5 / 68.1, b 0 91.1 / 65.9.
 */
export const oramaTuning: OramaTuning = { tolerance: 0, accentedBoost: 0.5, relevance: { k: 1.2, b: 0.1, d: 0.5 } };

/**
 * Orama with our tokenizer as its tokenizer component: a folded property (syllables and
 * syllable pairs) and an accented property ("~" terms, reached only by accented questions);
 * BM25 as Orama ships it, any term may match (threshold 1). Orama matches every query term as
 * a prefix unless `exact` is set, and `exact` also keeps only documents holding every word of
 * the question: each token ends with "$" instead, so a syllable matches only itself.
 */
export async function buildOrama(passages: string[], tokens: LibraryTokenizer, tuning = oramaTuning): Promise<RetrievalEngine> {
  const folded = (text: string) => {
    const t = tokens(text);
    return [...t.syllables, ...t.pairs].map((term) => `${term}$`);
  };
  const accented = (text: string) => tokens(text).accented.map((syllable) => `~${syllable}$`);
  const tokenizer: Tokenizer = {
    language: "english",
    normalizationCache: new Map(),
    // At search time no property is given: the question's terms of both kinds.
    tokenize: (raw, _language, property) =>
      property === "accented" ? accented(raw) : property === "folded" ? folded(raw) : [...folded(raw), ...accented(raw)],
  };
  const db = create({ schema: { folded: "string", accented: "string" } as const, components: { tokenizer } });
  await insertMultiple(
    db,
    passages.map((text, index) => ({ id: String(index), folded: text, accented: text })),
  );
  return {
    async search(question, limit) {
      const result = await search(db, {
        term: question,
        properties: ["folded", "accented"],
        boost: { accented: tuning.accentedBoost },
        tolerance: tuning.tolerance,
        threshold: 1,
        ...(tuning.relevance ? { relevance: tuning.relevance } : {}),
        limit,
      });
      return result.hits.map((hit) => Number(hit.id));
    },
  };
}
