import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FakeTelegram } from "../test/fakes/fake-telegram.js";
import { startServerProcess } from "./server-process.js";
import { percentile } from "./stats.js";

const token = "123456789:AAEhBP0av28-benchmarkbenchmarkbench1";
const secret = "benchmark-secret-0123456789";
const questions = [
  "vay đi Nhật được tối đa bao nhiêu",
  "vay tren 200tr co phai the chap ko",
  "kiểm tra công ty xuất khẩu lao động có giấy phép",
  "di dai loan ky quy bao nhieu",
  "lãi suất vay đi làm việc ở nước ngoài",
  "xkld la gi",
  "/menu",
];

/**
 * Start-up, memory, and webhook throughput and latency: the real server process with the
 * embedded database, Telegram updates over HTTP, replies sent to a fake Bot API on loopback.
 */
export async function benchTelegramWebhook(options: { updates: number; concurrency: number; databaseUrl?: string; emit: (record: object) => void }) {
  const telegram = await new FakeTelegram({ token }).start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-bench-"));
  const env = {
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: "https://bench.example.vn",
    TELEGRAM_WEBHOOK_SECRET: secret,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  const database = options.databaseUrl ? "postgres" : "embedded";
  const cold = await startServerProcess(env);
  options.emit({ bench: "startup", database, start: "first (creates the database)", readyMs: Math.round(cold.readyAfterMs), rssMb: Math.round(cold.rssMb()) });
  await cold.stop();
  const server = await startServerProcess(env);
  options.emit({ bench: "startup", database, start: "warm", readyMs: Math.round(server.readyAfterMs), rssMb: Math.round(server.rssMb()), targets: "ready < 3000 ms, RSS < 250 MB" });

  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  async function worker() {
    while (next < options.updates) {
      const n = next++;
      const update = telegram.textUpdate(100_000 + (n % 500), questions[n % questions.length]!);
      const before = performance.now();
      const response = await fetch(`${server.baseUrl}/webhooks/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - before);
      if (response.status !== 200) failed++;
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  options.emit({
    bench: "telegram-webhook",
    database,
    updates: options.updates,
    concurrency: options.concurrency,
    updatesPerSecond: Math.round(options.updates / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(Math.max(...latencies)),
    failed,
    repliesSent: telegram.sent.length,
    rssMbAfter: Math.round(server.rssMb()),
    targets: ">= 300 updates/s, p99 < 100 ms",
  });
  await server.stop();
  await telegram.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
