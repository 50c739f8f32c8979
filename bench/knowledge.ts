import { contentDir } from "../src/app.js";
import { loadKnowledgeBase, loadEntries } from "../src/knowledge/index.js";
import { loadEvaluationQuestions } from "../src/knowledge/evaluate.js";
import { percentile } from "./stats.js";

/** Building our knowledge index and answering the development questions with it. */
export function benchKnowledge(emit: (record: object) => void) {
  const started = performance.now();
  const knowledge = loadKnowledgeBase(contentDir);
  const buildMs = performance.now() - started;
  const questions = loadEvaluationQuestions(`${contentDir}/eval`);
  const latencies = questions.map((question) => {
    const before = performance.now();
    knowledge.answer(question.q);
    return performance.now() - before;
  });
  emit({
    bench: "knowledge-answer",
    entries: loadEntries(`${contentDir}/knowledge`).entries.length,
    questions: questions.length,
    loadAndIndexMs: Math.round(buildMs),
    p50Ms: Math.round(percentile(latencies, 50) * 1000) / 1000,
    p99Ms: Math.round(percentile(latencies, 99) * 1000) / 1000,
    targets: "p99 < 2 ms, index < 200 ms",
  });
}
