import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchAnnouncements } from "./announcements.js";
import { referenceNames, type ContenderName } from "./contenders.js";
import { benchKnowledge } from "./knowledge.js";
import { benchLoad } from "./load.js";
import { benchMemory } from "./memory/memory.js";
import { benchRetrieval } from "./retrieval.js";
import { engineNames, type EngineName } from "./search-libraries/engines.js";
import { projectRoot } from "./server-process.js";
import { benchSoak } from "./soak.js";
import { loadAverage } from "./stats.js";

const usage = `npm run bench [-- options]: one JSON line per figure, each with the machine's load average.

  --only <names>       comma-separated, from: knowledge, retrieval, load, memory, announcements, soak
                       (default: knowledge,retrieval,load,memory,announcements; soak only when asked)
  --rounds <n>         load: rounds of every contender in turn (default 2)
  --seconds <n>        load: each contender's share of a round (default 8)
  --references <list>  load and soak: references next to ours, from floor, peer-psql, peer-prisma
                       (default: all three; the soak leaves out the floor)
  --sets-dir <dir>     retrieval: the public sets (default ../shared/benchmarks/retrieval)
  --sets <list>        retrieval: only these sets (file names without .json)
  --engines <list>     retrieval: from ours, minisearch, flexsearch, orama (default: all four)
  --minutes <n>        soak: minutes for each server (default 10)
  --per-second <n>     soak: pace of the updates (default 100)
  --help               this text

Load: the floor (Fastify and one sendMessage, no database), the peers (a grammY bot as its
documentation shows, sessions through @grammyjs/storage-psql or @grammyjs/storage-prisma) and
ours answer the same webhook traffic on the same fake Bot API, one after the other; each round
ends with a "load-ratio" line (ours / reference), and the last with their median.
Retrieval: ours next to MiniSearch, FlexSearch and Orama on the five public sets, four ways
of asking. Memory: ours under load, attributed (PGlite, Prisma, the index, Node) from the
WebAssembly memories, a heap snapshot summary and staged start-up.
BENCH_DATABASE_URL=postgres://… adds the load and announcement figures on PostgreSQL;
BENCH_BUILT=1 runs dist/main.js; BENCH_CPU_PROF=<dir> writes CPU profiles of the servers.`;

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "8" },
    references: { type: "string", default: referenceNames.join(",") },
    "sets-dir": { type: "string", default: path.join(projectRoot, "..", "shared", "benchmarks", "retrieval") },
    sets: { type: "string" },
    engines: { type: "string", default: engineNames.join(",") },
    minutes: { type: "string", default: "10" },
    "per-second": { type: "string", default: "100" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const only = (values.only ?? "knowledge,retrieval,load,memory,announcements").split(",").map((name) => (name === "telegram" ? "load" : name));
const references = values.references.split(",").filter((name): name is ContenderName => referenceNames.includes(name as ContenderName));
const databaseUrl = process.env.BENCH_DATABASE_URL;
const emit = (record: object) => console.log(JSON.stringify({ ...record, loadAverage: loadAverage(), measuredAt: new Date().toISOString() }));

if (only.includes("knowledge")) benchKnowledge(emit);
if (only.includes("retrieval")) {
  const setsDir = values["sets-dir"];
  const engines = values.engines.split(",").filter((name): name is EngineName => engineNames.includes(name as EngineName));
  if (fs.existsSync(setsDir)) await benchRetrieval({ benchmarksDir: setsDir, sets: values.sets?.split(","), engines, emit });
  else emit({ bench: "retrieval", skipped: `no public sets at ${setsDir} (give --sets-dir)` });
}
if (only.includes("load")) {
  const options = { emit, references, rounds: Number(values.rounds), seconds: Number(values.seconds) };
  await benchLoad(options);
  if (databaseUrl) await benchLoad({ ...options, databaseUrl });
}
if (only.includes("memory")) await benchMemory({ emit, references: references.filter((name) => name !== "floor") });
if (only.includes("announcements")) {
  await benchAnnouncements({ emit });
  if (databaseUrl) await benchAnnouncements({ emit, databaseUrl });
}
if (only.includes("soak")) {
  await benchSoak({
    emit,
    minutes: Number(values.minutes),
    perSecond: Number(values["per-second"]),
    databaseUrl,
    peers: references.filter((name) => name !== "floor"),
  });
}
