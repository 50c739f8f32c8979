import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { contentDir } from "../src/app.js";
import { loadTexts } from "../src/bot/index.js";
import { FakeTelegram } from "../test/fakes/fake-telegram.js";
import { knowledgeQuestions, registrations, runLoad, telegramSecret, webChatQuestions, type LoadResult, type SessionSource } from "./load-traffic.js";
import { createScratchDatabase } from "./scratch-database.js";
import { serverEntry, startServerProcess, type ServerProcess } from "./server-process.js";
import { percentile } from "./stats.js";

export const benchToken = "123456789:AAEhBP0av28-benchmarkbenchmarkbench1";
const CONCURRENCY = 16;
const LATENCY_NOTE = "ms from sending the request until its HTTP response; a webhook answers after the fake Bot API accepted every reply";

/** A fake Bot API, a fresh database (a scratch PostgreSQL database when `databaseUrl` is set) and the server environment for it. */
export async function benchEnvironment(databaseUrl?: string) {
  const telegram = await new FakeTelegram({ token: benchToken }).start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-bench-"));
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, "xkld_bench_load") : undefined;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: "https://bench.example.vn",
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    REGISTRATION_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  };
  return {
    telegram,
    env,
    database: scratch ? "postgres" : "embedded",
    async dispose() {
      await telegram.stop();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How many of the messages sent since `from` were the apology for a failed turn (a webhook answers 200 even then). */
function apologiesSince(telegram: FakeTelegram, from: number): number {
  const apology = loadTexts(`${contentDir}/locales`).t("vi", "error.generic");
  return telegram.sent.slice(from).filter((message) => message.text.includes(apology)).length;
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

const scenarios: { name: string; requests: number; sessions: (telegram: FakeTelegram) => SessionSource }[] = [
  { name: "knowledge-webhook", requests: 3000, sessions: knowledgeQuestions },
  { name: "registration-webhook", requests: 2100, sessions: registrations },
  { name: "web-chat", requests: 3000, sessions: () => webChatQuestions() },
];

/**
 * Webhook and web chat load on the real server process: knowledge questions, people filling
 * in the registration form, web chat questions; then (PostgreSQL only) two instances on the
 * same database behind a round-robin.
 */
export async function benchLoad(options: { databaseUrl?: string; emit: (record: object) => void }) {
  const environment = await benchEnvironment(options.databaseUrl);
  const { database, telegram, env } = environment;
  try {
    const cold = await startServerProcess(env);
    options.emit({ bench: "startup", database, entry: serverEntry, start: "first (creates the database)", readyMs: Math.round(cold.readyAfterMs), rssMb: Math.round(cold.rssMb()) });
    await cold.stop();
    const server = await startServerProcess(env);
    options.emit({ bench: "startup", database, entry: serverEntry, start: "warm", readyMs: Math.round(server.readyAfterMs), rssMb: Math.round(server.rssMb()), targets: "ready < 3000 ms, RSS < 250 MB" });
    try {
      // Warm-up: the first requests compile code paths and fill caches.
      await runLoad({ baseUrls: [server.baseUrl], concurrency: CONCURRENCY, sessions: knowledgeQuestions(telegram), requests: 300 });
      for (const scenario of scenarios) {
        const sentBefore = telegram.sent.length;
        const result = await runLoad({ baseUrls: [server.baseUrl], concurrency: CONCURRENCY, sessions: scenario.sessions(telegram), requests: scenario.requests });
        options.emit({
          bench: "load",
          scenario: scenario.name,
          database,
          instances: 1,
          concurrency: CONCURRENCY,
          ...summarise(result),
          failureReplies: apologiesSince(telegram, sentBefore),
          rssMbAfter: Math.round(server.rssMb()),
          latency: LATENCY_NOTE,
          targets: ">= 300 updates/s, p99 < 100 ms",
        });
      }
    } finally {
      await server.stop();
    }
  } finally {
    await environment.dispose();
  }
  if (options.databaseUrl) await benchTwoInstances({ databaseUrl: options.databaseUrl, emit: options.emit });
}

/** Two server processes on one PostgreSQL database, the same traffic spread over both. */
async function benchTwoInstances(options: { databaseUrl: string; emit: (record: object) => void }) {
  const environment = await benchEnvironment(options.databaseUrl);
  const { telegram, env } = environment;
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServerProcess(env), await startServerProcess(env));
    const baseUrls = servers.map((server) => server.baseUrl);
    await runLoad({ baseUrls, concurrency: 2 * CONCURRENCY, sessions: knowledgeQuestions(telegram), requests: 600 });
    for (const scenario of scenarios) {
      const sentBefore = telegram.sent.length;
      const result = await runLoad({ baseUrls, concurrency: 2 * CONCURRENCY, sessions: scenario.sessions(telegram), requests: 2 * scenario.requests });
      options.emit({
        bench: "load",
        scenario: scenario.name,
        database: "postgres",
        instances: 2,
        concurrency: 2 * CONCURRENCY,
        ...summarise(result),
        failureReplies: apologiesSince(telegram, sentBefore),
        rssMbAfter: servers.map((server) => Math.round(server.rssMb())),
        latency: LATENCY_NOTE,
        targets: ">= 1000 updates/s combined",
      });
    }
  } finally {
    for (const server of servers) await server.stop();
    await environment.dispose();
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
