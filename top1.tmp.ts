import { contentDir } from "./src/app.js";
import { loadKnowledgeBase } from "./src/knowledge/index.js";
import { loadEvaluationSets } from "./src/evaluation/sets.js";
const kb = loadKnowledgeBase(contentDir);
const sets = loadEvaluationSets(`${contentDir}/eval`);
let ok = 0, n = 0;
for (const c of sets.legacy) {
  if (c.expect.kind !== "entries") continue;
  n++;
  const hits = kb.search(c.text, { limit: 3 });
  if (hits[0]?.id === c.expect.ids[0]) { ok++; continue; }
  const rank = kb.search(c.text, { limit: 50 }).findIndex(h => h.id === c.expect.ids[0]);
  console.log(`${c.text}\n   want ${c.expect.ids[0]} (rank ${rank+1}) got ${hits.map(h => `${h.id}:${h.score.toFixed(1)}/${h.coverage.toFixed(2)}`).join("  ")}`);
}
console.log(ok, n);
