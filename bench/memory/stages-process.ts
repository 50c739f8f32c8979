import { wasmMemoryBytes, watchWasmMemories } from "./wasm-memories.js";

/**
 * Our start-up in stages, in its own process run with --expose-gc, for the memory attribution:
 * `node --expose-gc --import tsx bench/memory/stages-process.ts <data dir>`. After each stage a
 * full garbage collection, then RSS, JS heap, external memory and WebAssembly memory by owner;
 * prints the stages as one JSON array. The data dir must hold a database created before (a
 * first start costs memory that a warm start never does).
 */
watchWasmMemories();
const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: stages-process.ts <data dir>");
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("run with --expose-gc");

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const stages: object[] = [];
function measure(stage: string) {
  collect!();
  collect!();
  const usage = process.memoryUsage();
  const wasm = wasmMemoryBytes();
  stages.push({
    stage,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    wasmMb: { pglite: mb(wasm.pglite), prisma: mb(wasm.prisma), other: mb(wasm.other) },
  });
}

measure("node and tsx");
const product = await import("../product.js");
measure("product modules loaded");
const database = await product.openDatabase({ dataDir });
await database.prisma.conversation.count();
measure("database open: PGlite, Prisma client, one query");
const knowledge = product.loadKnowledgeBase(product.contentDir);
knowledge.answer("vay đi Nhật được tối đa bao nhiêu");
measure("knowledge base and its index");
await database.close();
console.log(JSON.stringify(stages));
