import fs from "node:fs";
import v8 from "node:v8";
import { wasmMemoryBytes, watchWasmMemories } from "./wasm-memories.js";

/**
 * Preloaded into a server process (`--import`): on SIGUSR2 it writes its memory figures and a
 * heap snapshot next to BENCH_MEMORY_REPORT, for bench/memory/memory.ts to read.
 */
watchWasmMemories();

const reportFile = process.env.BENCH_MEMORY_REPORT;
if (reportFile) {
  process.on("SIGUSR2", () => {
    const usage = process.memoryUsage();
    const report = { usage, wasm: wasmMemoryBytes(), heap: v8.getHeapStatistics(), snapshotFile: "" };
    report.snapshotFile = v8.writeHeapSnapshot(`${reportFile}.heapsnapshot`);
    fs.writeFileSync(reportFile, JSON.stringify(report));
  });
}
