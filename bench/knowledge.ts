import path from "node:path";
import { answerMessage, contentDir, createKnowledgeBase, loadEntries, loadEvaluationSets, loadQuestionReading } from "./product.js";
import { percentile } from "./stats.js";

/**
 * Reading our content, building its index, and answering every development question: one
 * search decision (`answer`), and a whole message as the bot reads it (parts, English,
 * follow-up context: `message`).
 */
export function benchKnowledge(emit: (record: object) => void) {
  const loadStarted = performance.now();
  const { entries } = loadEntries(path.join(contentDir, "knowledge"));
  const reading = loadQuestionReading(contentDir);
  const loadMs = performance.now() - loadStarted;
  const indexStarted = performance.now();
  const knowledge = createKnowledgeBase({ entries, ...reading });
  const indexMs = performance.now() - indexStarted;
  const sets = loadEvaluationSets(`${contentDir}/eval`);
  const questions = [...sets.questions, ...sets.legacy].map((item) => item.text);
  const steps = { answer: (question: string) => knowledge.answer(question), message: (question: string) => answerMessage(knowledge, question, {}) };
  for (const [step, run] of Object.entries(steps)) {
    // Two passes: the first includes the JIT warming up, the second is the steady state.
    for (const pass of ["first", "second"]) {
      const latencies = questions.map((question) => {
        const before = performance.now();
        run(question);
        return performance.now() - before;
      });
      emit({
        bench: `knowledge-${step}`,
        pass,
        entries: entries.length,
        questions: questions.length,
        loadContentMs: Math.round(loadMs),
        buildIndexMs: Math.round(indexMs),
        p50Ms: Math.round(percentile(latencies, 50) * 1000) / 1000,
        p99Ms: Math.round(percentile(latencies, 99) * 1000) / 1000,
        targets: "p99 < 2 ms, index < 200 ms",
      });
    }
  }
}
