import { contentDir } from "./src/app.js";
import { loadKnowledgeBase } from "./src/knowledge/index.js";
import { loadEvaluationSets } from "./src/evaluation/sets.js";
const kb = loadKnowledgeBase(contentDir);
const sets = loadEvaluationSets(`${contentDir}/eval`);
for (const c of sets.legacy) {
  if (c.expect.kind !== "out-of-scope") continue;
  const r = kb.answer(c.text);
  if (r.kind === "fallback" && r.reason === "out-of-scope") continue;
  const b = kb.search(c.text, { limit: 1 })[0];
  console.log(b?.coverage.toFixed(2), b?.id, "|", c.text);
}
