import { contentDir } from "./src/app.js";
import { loadKnowledgeBase } from "./src/knowledge/index.js";
import { loadConfigOrExit } from "./src/config.js";
const kb = loadKnowledgeBase(contentDir, loadConfigOrExit().knowledge);
for (const q of process.argv.slice(2)) {
  console.log(q);
  for (const h of kb.search(q, { limit: 5 })) console.log("  ", h.entry.id, h.score.toFixed(2), JSON.stringify((h as any).matched ?? ""));
}
for (const q of process.argv.slice(2)) {
  const r = kb.answer(q);
  console.log("ANSWER", q, r.kind, (r as any).entry?.id, (r as any).score?.toFixed?.(1), (r as any).coverage?.toFixed?.(2), (r as any).reason);
}
