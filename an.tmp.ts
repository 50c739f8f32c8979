import { contentDir } from "./src/app.js";
import { loadKnowledgeBase } from "./src/knowledge/index.js";
import { loadEvaluationSets } from "./src/evaluation/sets.js";
import { withoutPersonalContext } from "./src/knowledge/question/personal-context.js";
const kb = loadKnowledgeBase(contentDir);
const sets = loadEvaluationSets(`${contentDir}/eval`);
const rows: string[] = [];
for (const c of [...sets.legacy, ...sets.questions]) {
  const hits = kb.search(c.text, { limit: 3 });
  const b = hits[0], s = hits[1];
  const inScope = c.expect.kind === "entries";
  const ok = inScope && b && (c.expect as any).ids.includes(b.id);
  const scoped = (kb as any).answer(c.text).reason === "out-of-scope";
  rows.push([inScope ? (ok ? "RIGHT" : "WRONG") : (scoped ? "OOS-LIST" : "OOS"), b?.coverage.toFixed(2), b ? (b.score / (s?.score ?? 1e-9)).toFixed(2) : "-", b?.score.toFixed(1)].join("\t"));
}
console.log(rows.join("\n"));
