import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { contentDir, loadShorthand } from "./product.js";
import { variants, vary, type Variant } from "./query-variants.js";
import { engineBuilders, type EngineName } from "./search-libraries/engines.js";
import type { RetrievalEngine } from "./search-libraries/vietnamese-tokens.js";
import { percentile, ratio, round } from "./stats.js";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface RetrievalSet {
  docs: string[];
  queries: { q: string; gold: number[] }[];
}

/**
 * Scores ours and the libraries on the public retrieval sets, four ways of asking each
 * question: one JSON line per set, variant and engine, then per set and variant our lead in
 * top-1 over the best library and our p99 against the fastest engine's.
 */
export async function benchRetrieval(options: { benchmarksDir: string; engines: EngineName[]; emit: (record: object) => void }) {
  const builders = engineBuilders(loadShorthand(`${contentDir}/search/shorthand.yaml`));
  const files = fs.readdirSync(options.benchmarksDir).filter((file) => file.endsWith(".json")).sort();
  for (const file of files) {
    const set = file.replace(/\.json$/, "");
    const data = JSON.parse(fs.readFileSync(path.join(options.benchmarksDir, file), "utf8")) as RetrievalSet;
    const scores = new Map<EngineName, Map<Variant, Score>>();
    for (const name of options.engines) {
      collectGarbage();
      const before = heapAndExternal();
      const started = performance.now();
      const engine = await builders[name](data.docs);
      const buildMs = performance.now() - started;
      collectGarbage();
      const indexMb = (heapAndExternal() - before) / 1024 / 1024;
      const byVariant = new Map<Variant, Score>();
      for (const variant of variants) {
        const score = await scoreEngine(engine, data, variant);
        byVariant.set(variant, score);
        options.emit({ bench: "retrieval", set, variant, engine: name, queries: data.queries.length, passages: data.docs.length, ...score, buildMs: round(buildMs), indexMb: round(indexMb) });
      }
      scores.set(name, byVariant);
    }
    if (scores.has("ours") && scores.size > 1) {
      for (const variant of variants) options.emit({ bench: "retrieval-ratio", set, variant, ...compare(scores, variant) });
    }
  }
}

type Score = Awaited<ReturnType<typeof scoreEngine>>;

async function scoreEngine(engine: RetrievalEngine, data: RetrievalSet, variant: Variant) {
  let top1 = 0;
  let top5 = 0;
  let reciprocal = 0;
  const latencies: number[] = [];
  for (const [index, query] of data.queries.entries()) {
    const question = vary(query.q, variant, index + 1);
    const before = performance.now();
    const ranked = await engine.search(question, 10);
    latencies.push(performance.now() - before);
    const rank = ranked.findIndex((doc) => query.gold.includes(doc));
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 5) top5++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  }
  const n = data.queries.length;
  return {
    top1: round(100 * (top1 / n)),
    top5: round(100 * (top5 / n)),
    mrr10: round(100 * (reciprocal / n)),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
  };
}

/** Ours against the best library in top-1 (points; the target: ahead) and against the fastest engine's p99 (the target: within 2x). */
function compare(scores: Map<EngineName, Map<Variant, Score>>, variant: Variant) {
  const ours = scores.get("ours")!.get(variant)!;
  const libraries = [...scores].filter(([name]) => name !== "ours").map(([name, byVariant]) => ({ name, ...byVariant.get(variant)! }));
  const best = libraries.reduce((a, b) => (b.top1 > a.top1 ? b : a));
  const fastest = [...scores].map(([name, byVariant]) => ({ name, p99Ms: byVariant.get(variant)!.p99Ms })).reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
  return {
    top1LeadPoints: round(ours.top1 - best.top1),
    bestLibrary: best.name,
    mrr10LeadPoints: round(ours.mrr10 - Math.max(...libraries.map((library) => library.mrr10))),
    p99VsFastest: ratio(ours.p99Ms, fastest.p99Ms),
    fastest: fastest.name,
    targets: "top1LeadPoints > 0, p99VsFastest <= 2",
  };
}

function heapAndExternal(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
