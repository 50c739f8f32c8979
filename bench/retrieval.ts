import fs from "node:fs";
import path from "node:path";
import { contentDir } from "../src/app.js";
import { buildSearchEngine } from "../src/knowledge/engine-factory.js";
import { loadShorthand } from "../src/knowledge/shorthand.js";
import { variants, vary } from "./query-variants.js";
import { percentile } from "./stats.js";

/** Scores the search engine on the public retrieval sets: one JSON line per set and variant. */
export async function benchRetrieval(options: { benchmarksDir: string; sets?: string[]; emit: (record: object) => void }) {
  const shorthand = loadShorthand(`${contentDir}/search/shorthand.yaml`);
  const files = fs.readdirSync(options.benchmarksDir).filter((file) => file.endsWith(".json")).sort();
  for (const file of files) {
    const name = file.replace(/\.json$/, "");
    if (options.sets && !options.sets.includes(name)) continue;
    const data = JSON.parse(fs.readFileSync(path.join(options.benchmarksDir, file), "utf8")) as {
      docs: string[];
      queries: { q: string; gold: number[] }[];
    };
    const started = performance.now();
    const engine = buildSearchEngine(data.docs.map((text, index) => ({ id: String(index), primary: text })), shorthand);
    const buildMs = performance.now() - started;
    for (const variant of variants) {
      let top1 = 0;
      let top5 = 0;
      let reciprocal = 0;
      const latencies: number[] = [];
      data.queries.forEach((query, index) => {
        const question = vary(query.q, variant, index + 1);
        const before = performance.now();
        const ranked = engine.search(question, { limit: 10 }).map((hit) => Number(hit.id));
        latencies.push(performance.now() - before);
        const rank = ranked.findIndex((doc) => query.gold.includes(doc));
        if (rank === 0) top1++;
        if (rank >= 0 && rank < 5) top5++;
        if (rank >= 0) reciprocal += 1 / (rank + 1);
      });
      const n = data.queries.length;
      options.emit({
        bench: "retrieval",
        set: name,
        variant,
        queries: n,
        passages: data.docs.length,
        top1: round(100 * (top1 / n)),
        top5: round(100 * (top5 / n)),
        mrr10: round(100 * (reciprocal / n)),
        p50Ms: round(percentile(latencies, 50), 3),
        p99Ms: round(percentile(latencies, 99), 3),
        buildMs: round(buildMs),
      });
    }
  }
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
