import { fileURLToPath } from "node:url";
import { benchAnnouncements } from "./announcements.js";
import { benchKnowledge } from "./knowledge.js";
import { benchLoad } from "./load.js";
import { benchRetrieval } from "./retrieval.js";
import { benchSoak } from "./soak.js";

/**
 * `npm run bench [-- --only retrieval,knowledge,load,announcements]`: prints one JSON line per
 * figure. PostgreSQL figures are added when BENCH_DATABASE_URL is set. `--only telegram` is
 * the old name of `load`. `--only soak [--minutes 10] [--per-second 100]` is never run by default.
 */
const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const only = option("only")?.split(",") ?? ["knowledge", "retrieval", "load", "announcements"];
const databaseUrl = process.env.BENCH_DATABASE_URL;
const emit = (record: object) => console.log(JSON.stringify({ ...record, measuredAt: new Date().toISOString() }));
const benchmarksDir = fileURLToPath(new URL("../../shared/benchmarks/retrieval", import.meta.url));

if (only.includes("knowledge")) benchKnowledge(emit);
if (only.includes("retrieval")) await benchRetrieval({ benchmarksDir, emit });
if (only.includes("load") || only.includes("telegram")) {
  await benchLoad({ emit });
  if (databaseUrl) await benchLoad({ emit, databaseUrl });
}
if (only.includes("announcements")) {
  await benchAnnouncements({ emit });
  if (databaseUrl) await benchAnnouncements({ emit, databaseUrl });
}
if (only.includes("soak")) {
  await benchSoak({ emit, minutes: Number(option("minutes") ?? 10), perSecond: Number(option("per-second") ?? 100), databaseUrl });
}
