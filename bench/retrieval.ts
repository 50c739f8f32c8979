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
 * top-1 over the best library and our p99 against the fastest engine's. Every engine answers
 * each question in turn (the order rotating), so that a busy moment of the machine falls on
 * all of them alike; each index's memory is what the heap and external memory grew by while it
 * was built, the indexes built before it still alive.
 */
export async function benchRetrieval(options: { benchmarksDir: string; sets?: string[]; engines: EngineName[]; emit: (record: object) => void }) {
  const builders = engineBuilders(loadShorthand(`${contentDir}/search/shorthand.yaml`));
  const files = fs
    .readdirSync(options.benchmarksDir)
    .filter((file) => file.endsWith(".json"))
    .sort();
  for (const file of files) {
    const set = file.replace(/\.json$/, "");
    if (options.sets && !options.sets.includes(set)) continue;
    const data = JSON.parse(fs.readFileSync(path.join(options.benchmarksDir, file), "utf8")) as RetrievalSet;
    const built: { name: EngineName; engine: RetrievalEngine; buildMs: number; indexMb: number }[] = [];
    for (const name of options.engines) {
      const before = await settledMemory();
      const started = performance.now();
      const engine = await builders[name](data.docs);
      const buildMs = performance.now() - started;
      built.push({ name, engine, buildMs, indexMb: ((await settledMemory()) - before) / 1024 / 1024 });
    }
    const scores = new Map<EngineName, Map<Variant, Score>>(built.map(({ name }) => [name, new Map()]));
    for (const variant of variants) {
      const tallies = await scoreInTurn(
        built.map(({ engine }) => engine),
        data,
        variant,
      );
      built.forEach(({ name, buildMs, indexMb }, index) => {
        const score = tallies[index]!;
        scores.get(name)!.set(variant, score);
        options.emit({
          bench: "retrieval",
          set,
          variant,
          engine: name,
          queries: data.queries.length,
          passages: data.docs.length,
          ...score,
          buildMs: round(buildMs),
          indexMb: round(indexMb),
        });
      });
    }
    if (scores.has("ours") && scores.size > 1) {
      for (const variant of variants) options.emit({ bench: "retrieval-ratio", set, variant, ...compare(scores, variant) });
    }
  }
}

type Score = ReturnType<typeof tally>;

/** Each question to every engine in turn; the first engine asked changes with each question. */
async function scoreInTurn(engines: RetrievalEngine[], data: RetrievalSet, variant: Variant): Promise<Score[]> {
  const ranks = engines.map(() => [] as number[]);
  const latencies = engines.map(() => [] as number[]);
  for (const [index, query] of data.queries.entries()) {
    const question = vary(query.q, variant, index + 1);
    for (let turn = 0; turn < engines.length; turn++) {
      const which = (index + turn) % engines.length;
      const before = performance.now();
      const ranked = await engines[which]!.search(question, 10);
      latencies[which]!.push(performance.now() - before);
      ranks[which]!.push(ranked.findIndex((doc) => query.gold.includes(doc)));
    }
  }
  return engines.map((_, which) => tally(ranks[which]!, latencies[which]!));
}

/** `ranks`: where each question's first right passage came (-1: not in the ten). */
function tally(ranks: number[], latencies: number[]) {
  const n = ranks.length;
  const share = (count: number) => round(100 * (count / n));
  return {
    top1: share(ranks.filter((rank) => rank === 0).length),
    top5: share(ranks.filter((rank) => rank >= 0 && rank < 5).length),
    mrr10: share(ranks.reduce((sum, rank) => sum + (rank >= 0 ? 1 / (rank + 1) : 0), 0)),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
  };
}

/** Ours against the best library in top-1 (points; the target: ahead) and against the fastest engine's p99 (the target: within 2x). */
function compare(scores: Map<EngineName, Map<Variant, Score>>, variant: Variant) {
  const ours = scores.get("ours")!.get(variant)!;
  const libraries = [...scores].filter(([name]) => name !== "ours").map(([name, byVariant]) => ({ name, ...byVariant.get(variant)! }));
  const best = libraries.reduce((a, b) => (b.top1 > a.top1 ? b : a));
  const all = [...scores].map(([name, byVariant]) => ({ name, ...byVariant.get(variant)! }));
  const fastest = all.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
  // On a busy machine a sub-millisecond query's p99 is mostly the scheduler's; the median is steadier.
  const fastestMedian = all.reduce((a, b) => (b.p50Ms < a.p50Ms ? b : a));
  return {
    top1LeadPoints: round(ours.top1 - best.top1),
    bestLibrary: best.name,
    mrr10LeadPoints: round(ours.mrr10 - Math.max(...libraries.map((library) => library.mrr10))),
    p99VsFastest: ratio(ours.p99Ms, fastest.p99Ms),
    fastest: fastest.name,
    p50VsFastest: ratio(ours.p50Ms, fastestMedian.p50Ms),
    fastestMedian: fastestMedian.name,
    targets: "top1LeadPoints > 0, p99VsFastest <= 2",
  };
}

/** Heap and external memory after garbage collection, once V8 has released freed buffers too. */
async function settledMemory(): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 50));
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
