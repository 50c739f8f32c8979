import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { benchEnvironment } from "../bench-environment.js";
import { startContender, type ContenderName } from "../contenders.js";
import { knowledgeQuestions, registrations, runLoad, type SessionSource } from "../load-traffic.js";
import { projectRoot, type ServerProcess } from "../server-process.js";
import { round } from "../stats.js";
import { summariseHeapSnapshot } from "./heap-summary.js";

const LOAD_SECONDS = 10;
const PROBE = "./bench/memory/probe.ts";

interface Stage {
  stage: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  wasmMb: { pglite: number; prisma: number; other: number };
}

interface ProbeReport {
  usage: NodeJS.MemoryUsage;
  wasm: { pglite: number; prisma: number; other: number };
  snapshotFile: string;
}

/**
 * Where the memory goes. Ours started in stages (node, modules, database, knowledge index)
 * gives what each part adds; then ours and each peer serve mixed traffic (one person in five
 * registers, the others ask) with the probe preloaded, and near the end of it report their
 * RSS, JS heap, WebAssembly memory by owner (PGlite's engine and Prisma's query compiler live
 * outside the JS heap) and a heap snapshot summarised by constructor.
 */
export async function benchMemory(options: { emit: (record: object) => void; references: ContenderName[] }) {
  const stagesDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-bench-stages-"));
  let stages: Stage[];
  try {
    await runStages(stagesDir); // creates the database: a first start is not what we measure
    stages = await runStages(stagesDir);
  } finally {
    fs.rmSync(stagesDir, { recursive: true, force: true });
  }
  options.emit({ bench: "memory-stages", contender: "ours", stages });

  for (const name of ["ours", ...options.references] as ContenderName[]) {
    const environment = await benchEnvironment();
    const reportFile = path.join(environment.env.DATA_DIR!, "memory-report.json");
    try {
      await (await startContender(name, environment.env)).stop(); // creates the database
      const server = await startContender(name, { ...environment.env, BENCH_MEMORY_REPORT: reportFile }, { preload: [PROBE] });
      try {
        const rssMbAtStart = Math.round(server.rssMb());
        const report = await reportUnderLoad(server, mixedTraffic(environment.telegram), reportFile);
        const heap = summariseHeapSnapshot(report.snapshotFile);
        fs.rmSync(report.snapshotFile, { force: true });
        options.emit({
          bench: "memory",
          contender: name,
          rssMbAtStart,
          rssMbUnderLoad: mb(report.usage.rss),
          heapUsedMb: mb(report.usage.heapUsed),
          heapTotalMb: mb(report.usage.heapTotal),
          externalMb: mb(report.usage.external),
          wasmMb: { pglite: mb(report.wasm.pglite), prisma: mb(report.wasm.prisma), other: mb(report.wasm.other) },
          ...(name === "ours" ? { attributionMb: attribute(report, stages) } : {}),
          heapSnapshot: heap,
        });
      } finally {
        await server.stop();
      }
    } finally {
      await environment.dispose();
    }
  }
}

function mixedTraffic(telegram: Parameters<typeof knowledgeQuestions>[0]): SessionSource {
  const questions = knowledgeQuestions(telegram);
  const forms = registrations(telegram, 50_000_000);
  return (index) => (index % 5 === 4 ? forms(index) : questions(index));
}

/** Load for LOAD_SECONDS; at four fifths of it, the probe writes its report. */
async function reportUnderLoad(server: ServerProcess, sessions: SessionSource, reportFile: string): Promise<ProbeReport> {
  const load = runLoad({ baseUrls: [server.baseUrl], concurrency: 16, sessions, untilMs: LOAD_SECONDS * 1000 });
  await new Promise((resolve) => setTimeout(resolve, LOAD_SECONDS * 800));
  server.child.kill("SIGUSR2");
  while (!fs.existsSync(reportFile)) await new Promise((resolve) => setTimeout(resolve, 100));
  await load;
  return JSON.parse(fs.readFileSync(reportFile, "utf8")) as ProbeReport;
}

async function runStages(dataDir: string): Promise<Stage[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", "bench/memory/stages-process.ts", dataDir], {
    cwd: projectRoot,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Stage[];
}

/**
 * Our RSS under load split by owner: what node and tsx take at start, the two WebAssembly
 * memories, the JS heap's growth since the start (and, from the stages, how much of the live
 * heap the database clients and the knowledge index hold), and the rest (native buffers,
 * compiled code, allocator slack). WebAssembly memory counts as grown, so pages never touched
 * can make the rest negative.
 */
function attribute(report: ProbeReport, stages: Stage[]) {
  const [node, modules, database, knowledge] = stages;
  const rss = mb(report.usage.rss);
  const pglite = mb(report.wasm.pglite);
  const prisma = mb(report.wasm.prisma);
  const heapGrowth = round(mb(report.usage.heapTotal) - node!.heapTotalMb);
  return {
    rss,
    nodeAndTsxAtStart: node!.rssMb,
    pgliteWasm: pglite,
    prismaQueryCompilerWasm: prisma,
    jsHeapGrowthCommitted: heapGrowth,
    ofWhichLive: {
      productModules: round(modules!.heapUsedMb - node!.heapUsedMb),
      databaseClientsJs: round(database!.heapUsedMb - modules!.heapUsedMb),
      knowledgeIndex: round(knowledge!.heapUsedMb + knowledge!.externalMb - database!.heapUsedMb - database!.externalMb),
      requestsAndCaches: round(mb(report.usage.heapUsed) - knowledge!.heapUsedMb),
    },
    rest: round(rss - node!.rssMb - pglite - prisma - heapGrowth),
  };
}

function mb(bytes: number): number {
  return round(bytes / 1024 / 1024);
}
