import { contentDir } from "../app.js";
import { loadConfigOrExit } from "../config.js";
import { loadKnowledgeBase } from "../knowledge/index.js";
import { evaluate, loadEvaluationQuestions } from "../knowledge/evaluate.js";

/**
 * `npm run kb:eval`: the development question set through the bot's own decisions.
 * Exits 1 when a figure is below the thresholds written in the README.
 */
export const evaluationTargets = { top1: 0.72, answeredWrongly: 0.08, clarifyRate: 0.35, outOfScopeAnswered: 0.05 };

const config = loadConfigOrExit();
const kb = loadKnowledgeBase(contentDir, config.knowledge);
const report = evaluate(kb, loadEvaluationQuestions(`${contentDir}/eval/legacy`));
const share = (value: number, total: number) => (total ? value / total : 0);
const figures = {
  questions: report.questions,
  inScope: report.inScope,
  outOfScope: report.outOfScope,
  top1: share(report.top1, report.inScope),
  answeredCorrectly: share(report.answeredCorrectly, report.inScope),
  answeredWrongly: share(report.answeredWrongly, report.inScope),
  clarifyRate: share(report.clarified, report.inScope),
  clarifiedWithExpected: share(report.clarifiedWithExpected, report.clarified),
  outOfScopeAnswered: share(report.outOfScopeAnswered, report.outOfScope),
};
if (process.argv.includes("--failures")) for (const failure of report.failures) console.log(`  ✗ ${failure.q}  → ${failure.got} (expected ${failure.expect})`);
for (const [style, { total, top1 }] of Object.entries(report.byStyle)) console.log(`  ${style.padEnd(13)} ${top1}/${total}`);
console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 1000) / 1000]))));
const misses = [
  figures.top1 < evaluationTargets.top1 && `top-1 ${figures.top1.toFixed(3)} < ${evaluationTargets.top1}`,
  figures.answeredWrongly > evaluationTargets.answeredWrongly && `wrong answers ${figures.answeredWrongly.toFixed(3)} > ${evaluationTargets.answeredWrongly}`,
  figures.clarifyRate > evaluationTargets.clarifyRate && `clarify rate ${figures.clarifyRate.toFixed(3)} > ${evaluationTargets.clarifyRate}`,
  figures.outOfScopeAnswered > evaluationTargets.outOfScopeAnswered &&
    `out-of-scope answered ${figures.outOfScopeAnswered.toFixed(3)} > ${evaluationTargets.outOfScopeAnswered}`,
].filter(Boolean);
for (const miss of misses) console.error(`below target: ${miss}`);
process.exit(misses.length ? 1 : 0);
