import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchAnnouncements } from "./announcements.js";
import { referenceNames } from "./contenders.js";
import { benchKnowledge } from "./knowledge.js";
import { benchLoad } from "./load.js";
import { benchMemory } from "./memory/memory.js";
import { benchRetrieval } from "./retrieval.js";
import { engineNames } from "./search-libraries/engines.js";
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

const benchNames = ["knowledge", "retrieval", "load", "memory", "announcements", "soak"] as const;
const list = <T extends string>(names: readonly T[]) =>
  z.string().transform((text, context) => {
    const items = text.split(",").map((item) => (item === "telegram" ? "load" : item.trim()));
    const unknown = items.filter((item) => !names.includes(item as T));
    if (unknown.length) context.addIssue({ code: "custom", message: `unknown: ${unknown.join(", ")} (known: ${names.join(", ")})` });
    return items as T[];
  });
const optionsSchema = z.object({
  only: list(benchNames).default(["knowledge", "retrieval", "load", "memory", "announcements"]),
  rounds: z.coerce.number().int().min(1).default(2),
  seconds: z.coerce.number().positive().default(8),
  references: list(referenceNames).default(referenceNames),
  "sets-dir": z.string().default(path.join(projectRoot, "..", "shared", "benchmarks", "retrieval")),
  sets: z
    .string()
    .transform((text) => text.split(","))
    .optional(),
  engines: list(engineNames).default(engineNames),
  minutes: z.coerce.number().positive().default(10),
  "per-second": z.coerce.number().positive().default(100),
  help: z.boolean().default(false),
});

let values: z.infer<typeof optionsSchema>;
try {
  const parsed = parseArgs({
    options: Object.fromEntries(Object.keys(optionsSchema.shape).map((name) => [name, { type: name === "help" ? "boolean" : "string" }])) as Record<
      string,
      { type: "string" | "boolean" }
    >,
  });
  values = optionsSchema.parse(parsed.values);
} catch (error) {
  const message =
    error instanceof z.ZodError ? error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; ") : (error as Error).message;
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const { only, references, engines } = values;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const emit = (record: object) => console.log(JSON.stringify({ ...record, loadAverage: loadAverage(), measuredAt: new Date().toISOString() }));

if (only.includes("knowledge")) benchKnowledge(emit);
if (only.includes("retrieval")) {
  const setsDir = values["sets-dir"];
  if (fs.existsSync(setsDir)) await benchRetrieval({ benchmarksDir: setsDir, sets: values.sets, engines, emit });
  else emit({ bench: "retrieval", skipped: `no public sets at ${setsDir} (give --sets-dir)` });
}
if (only.includes("load")) {
  const options = { emit, references, rounds: values.rounds, seconds: values.seconds };
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
    minutes: values.minutes,
    perSecond: values["per-second"],
    databaseUrl,
    peers: references.filter((name) => name !== "floor"),
  });
}
