import os from "node:os";
import type { LoadResult } from "./load-traffic.js";

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `ours / reference`, two decimals: the figure that survives a noisy machine. */
export function ratio(ours: number, reference: number): number {
  return reference === 0 ? NaN : round(ours / reference, 2);
}

/** The 1, 5 and 15 minute load averages, so that every figure says how busy the machine was. */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => round(value, 2));
}

export function summarise(result: LoadResult) {
  return {
    requests: result.requests,
    updatesPerSecond: Math.round(result.requests / result.seconds),
    p50Ms: round(percentile(result.latencies, 50)),
    p99Ms: round(percentile(result.latencies, 99)),
    maxMs: round(Math.max(...result.latencies)),
    failed: result.failed,
  };
}
