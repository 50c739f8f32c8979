import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { jurisdictions, type Jurisdiction, type KnowledgeEntry } from "./entry-schema.js";
import type { ScopeCheck } from "./scope.js";
import { createSearchEngine, type SearchHit } from "./search-engine.js";
import type { Analyzer } from "./vietnamese.js";

export interface AnswerThresholds {
  /** Least coverage of the question by the best entry to answer with it. */
  answerCoverage: number;
  /** Least coverage to offer "did you mean…" instead of the fallback. */
  clarifyCoverage: number;
  /** The best entry must score this many times the second to be answered directly. */
  margin: number;
}

export const defaultThresholds: AnswerThresholds = { answerCoverage: 0.4, clarifyCoverage: 0.3, margin: 1.1 };

export type KnowledgeResult =
  | { kind: "answer"; entry: KnowledgeEntry; score: number; coverage: number }
  | { kind: "clarify"; candidates: KnowledgeEntry[]; score: number; coverage: number }
  | { kind: "fallback"; reason: "out-of-scope" | "no-match" | "low-confidence"; topic?: string; score?: number; coverage?: number };

export interface KnowledgeBase {
  answer(question: string, context?: { province?: string | null }): KnowledgeResult;
  search(question: string, options?: { province?: string | null; limit?: number }): (SearchHit & { entry: KnowledgeEntry })[];
  /** The entry with this id, or the one a merged entry's former id (alias) now belongs to. */
  entry(id: string): KnowledgeEntry | undefined;
  /** The province a question names, if any ("ở Sóc Trăng" → can-tho). */
  provinceIn(question: string): Jurisdiction | undefined;
  entries: readonly KnowledgeEntry[];
}

const jurisdictionFile = z.partialRecord(z.enum(jurisdictions), z.array(z.string().min(2)));

export function loadJurisdictionNames(file: string): Map<Jurisdiction, string[]> {
  const parsed = jurisdictionFile.parse(parse(fs.readFileSync(file, "utf8")));
  return new Map(Object.entries(parsed) as [Jurisdiction, string[]][]);
}

/**
 * The knowledge base: finds the entry that answers a question and decides whether to
 * answer, ask "did you mean…", or say honestly that it cannot help.
 */
export function createKnowledgeBase(options: {
  entries: KnowledgeEntry[];
  analyze: Analyzer;
  scope: ScopeCheck;
  jurisdictionNames: Map<Jurisdiction, string[]>;
  thresholds?: AnswerThresholds;
  today?: () => string;
}): KnowledgeBase {
  const { entries, analyze, scope } = options;
  const thresholds = options.thresholds ?? defaultThresholds;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  // A merged entry's former ids reach it too; an id always wins over an alias.
  const byId = new Map([...entries.flatMap((entry) => entry.aliases.map((alias) => [alias, entry] as const)), ...entries.map((entry) => [entry.id, entry] as const)]);
  const engine = createSearchEngine({
    analyze,
    documents: entries.map((entry) => ({
      id: entry.id,
      primary: [entry.title, ...entry.questions].join("\n"),
      secondary: [entry.answer, entry.details ?? ""].join("\n"),
    })),
  });
  const places = [...options.jurisdictionNames].flatMap(([jurisdiction, names]) =>
    names.map((name) => ({ jurisdiction, text: ` ${analyze(name).folded.join(" ")} ` })),
  );

  function provinceIn(question: string): Jurisdiction | undefined {
    const text = ` ${analyze(question).folded.join(" ")} `;
    return places.find((place) => text.includes(place.text))?.jurisdiction;
  }

  function search(question: string, searchOptions: { province?: string | null; limit?: number } = {}) {
    const province = provinceIn(question) ?? searchOptions.province ?? undefined;
    const now = today();
    return engine
      .search(question, {
        limit: searchOptions.limit ?? 5,
        boostDocument(id) {
          const entry = byId.get(id)!;
          // Local programmes first for people from that province; rules that ended after current ones.
          let boost = entry.jurisdiction === "national" ? 1 : entry.jurisdiction === province ? 1.3 : province ? 0.6 : 0.9;
          if (entry.validUntil && entry.validUntil < now) boost *= 0.85;
          return boost;
        },
      })
      .map((hit) => ({ ...hit, entry: byId.get(hit.id)! }));
  }

  return {
    entries,
    entry: (id) => byId.get(id),
    provinceIn,
    search,
    answer(question, context = {}) {
      const check = scope(question);
      if (check.outOfScope) return { kind: "fallback", reason: "out-of-scope", topic: check.topic };
      const hits = search(question, { province: context.province, limit: 5 });
      const [best, second] = hits;
      if (!best) return { kind: "fallback", reason: "no-match" };
      const clear = !second || best.score >= thresholds.margin * second.score;
      if (best.coverage >= thresholds.answerCoverage && clear) {
        return { kind: "answer", entry: best.entry, score: best.score, coverage: best.coverage };
      }
      if (best.coverage >= thresholds.clarifyCoverage) {
        const candidates = hits.filter((hit) => hit.score >= best.score * 0.6).slice(0, 3);
        if (candidates.length === 1) return { kind: "answer", entry: best.entry, score: best.score, coverage: best.coverage };
        return { kind: "clarify", candidates: candidates.map((hit) => hit.entry), score: best.score, coverage: best.coverage };
      }
      return { kind: "fallback", reason: "low-confidence", score: best.score, coverage: best.coverage };
    },
  };
}
