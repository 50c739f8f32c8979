import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { KnowledgeBase } from "./knowledge-base.js";

const questionFile = z.object({
  questions: z.array(
    z.object({
      q: z.string().min(2),
      expect: z.string().min(2),
      style: z.enum(["accented", "unaccented", "shorthand", "typo", "near-miss", "out-of-scope"]),
    }),
  ),
});
export type EvaluationQuestion = z.infer<typeof questionFile>["questions"][number];

export function loadEvaluationQuestions(evalDir: string): EvaluationQuestion[] {
  return fs
    .readdirSync(evalDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .flatMap((file) => questionFile.parse(parse(fs.readFileSync(path.join(evalDir, file), "utf8"))).questions);
}

export interface EvaluationReport {
  questions: number;
  inScope: number;
  outOfScope: number;
  /** In-scope questions whose best search hit is the expected entry. */
  top1: number;
  /** In-scope questions answered directly with the expected entry. */
  answeredCorrectly: number;
  /** In-scope questions answered directly with another entry. */
  answeredWrongly: number;
  /** In-scope questions met with "did you mean…" (the expected entry among the choices or not). */
  clarified: number;
  clarifiedWithExpected: number;
  /** Out-of-scope questions that got an entry as answer: the worst failure. */
  outOfScopeAnswered: number;
  byStyle: Record<string, { total: number; top1: number }>;
  failures: { q: string; expect: string; got: string }[];
}

/** Runs every development question through the same decisions the bot makes. */
export function evaluate(kb: KnowledgeBase, questions: EvaluationQuestion[]): EvaluationReport {
  const report: EvaluationReport = {
    questions: questions.length,
    inScope: 0,
    outOfScope: 0,
    top1: 0,
    answeredCorrectly: 0,
    answeredWrongly: 0,
    clarified: 0,
    clarifiedWithExpected: 0,
    outOfScopeAnswered: 0,
    byStyle: {},
    failures: [],
  };
  for (const question of questions) {
    const result = kb.answer(question.q);
    const got = result.kind === "answer" ? result.entry.id : result.kind;
    const style = (report.byStyle[question.style] ??= { total: 0, top1: 0 });
    style.total++;
    if (question.expect === "fallback") {
      report.outOfScope++;
      if (result.kind === "answer") {
        report.outOfScopeAnswered++;
        report.failures.push({ q: question.q, expect: question.expect, got });
      } else style.top1++;
      continue;
    }
    report.inScope++;
    // A question written for an entry since merged into another expects that other entry.
    const expect = kb.entry(question.expect)?.id ?? question.expect;
    const best = kb.search(question.q, { limit: 1 })[0];
    if (best?.id === expect) {
      report.top1++;
      style.top1++;
    }
    if (result.kind === "answer") {
      if (result.entry.id === expect) report.answeredCorrectly++;
      else report.answeredWrongly++;
    } else if (result.kind === "clarify") {
      report.clarified++;
      if (result.candidates.some((entry) => entry.id === expect)) report.clarifiedWithExpected++;
    }
    if (got !== expect) report.failures.push({ q: question.q, expect, got });
  }
  return report;
}
