import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createAnnouncementService, openDatabase, systemClock, type DatabaseOptions } from "./product.js";
import { FakeTelegram } from "../test/fakes/fake-telegram.js";
import { createScratchDatabase } from "./scratch-database.js";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const token = "123456789:AAEhBP0av28-benchmarkbenchmarkbench1";
/** The fake Bot API's limit, and ours a little under it (plus a small catch-up burst). */
const PLATFORM_LIMIT = 1000;
const OUR_RATE = 965;
const BURST = 5;
const CONCURRENCY = 64;

/**
 * Announcement delivery: `recipients` Telegram subscribers, the fake Bot API limited to 1,000
 * messages/s (429 beyond), the worker in its own process. First a clean run (throughput as a
 * share of the limit, duplicates, missing), then a run whose worker is SIGKILLed half-way and
 * started again (missing must be 0, duplicates at most the worker's concurrency).
 */
export async function benchAnnouncements(options: { emit: (record: object) => void; recipients?: number; databaseUrl?: string }) {
  const recipients = options.recipients ?? 10_000;
  const database = options.databaseUrl ? "postgres" : "embedded";
  for (const scenario of ["steady", "killed-and-restarted"] as const) {
    const telegram = await new FakeTelegram({ token, globalRateLimit: PLATFORM_LIMIT }).start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-bench-announcements-"));
    const scratch = options.databaseUrl ? await createScratchDatabase(options.databaseUrl, "xkld_bench_ann") : undefined;
    const databaseOptions: DatabaseOptions = scratch ? { url: scratch.url } : { dataDir };
    try {
      await prepareOutbox(databaseOptions, recipients);
      const progress = watchProgress(telegram);
      const worker = {
        database: databaseOptions,
        telegram: { token, apiRoot: telegram.url },
        perSecond: OUR_RATE,
        burst: BURST,
        concurrency: CONCURRENCY,
        leaseMs: 2000,
      };
      let kills = 0;
      if (scenario === "steady") {
        await runWorker({ ...worker, workerId: "bench-1" }).exited;
      } else {
        const first = runWorker({ ...worker, workerId: "bench-1" });
        while (telegram.sent.length < recipients / 2) await sleep(5);
        first.child.kill("SIGKILL");
        await first.exited;
        kills++;
        await runWorker({ ...worker, workerId: "bench-2" }).exited;
      }
      const timing = progress.stop();
      const perChat = new Map<string, number>();
      for (const message of telegram.sent) perChat.set(String(message.chat_id), (perChat.get(String(message.chat_id)) ?? 0) + 1);
      const duplicates = [...perChat.values()].reduce((sum, count) => sum + count - 1, 0);
      const missing = recipients - perChat.size;
      const refused429 = telegram.calls.filter((call) => call.method === "sendMessage").length - telegram.sent.length;
      const messagesPerSecond = (telegram.sent.length - 1) / (timing.elapsedMs / 1000);
      options.emit({
        bench: "announcements",
        scenario,
        database,
        recipients,
        platformLimitPerSecond: PLATFORM_LIMIT,
        configuredPerSecond: OUR_RATE,
        concurrency: CONCURRENCY,
        messagesPerSecond: Math.round(messagesPerSecond),
        shareOfLimit: Math.round((messagesPerSecond / PLATFORM_LIMIT) * 1000) / 1000,
        elapsedMs: Math.round(timing.elapsedMs),
        duplicates,
        missing,
        refused429,
        kills,
        targets: scenario === "steady" ? "share >= 0.95, duplicates 0, missing 0" : `missing 0, duplicates <= ${CONCURRENCY}`,
      });
    } finally {
      await telegram.stop();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** Subscribers and one announcement to all of them: the outbox is written before the worker starts. */
async function prepareOutbox(databaseOptions: DatabaseOptions, recipients: number) {
  const database = await openDatabase(databaseOptions);
  try {
    const prisma = database.prisma;
    const consentAt = new Date();
    for (let start = 0; start < recipients; start += 2000) {
      await prisma.subscription.createMany({
        data: Array.from({ length: Math.min(2000, recipients - start) }, (_, index) => ({
          channel: "telegram",
          channelUserId: String(1_000_000 + start + index),
          topic: "recruitment-and-job-fairs",
          locality: "hue",
          consentAt,
          consentMethod: "benchmark",
        })),
      });
    }
    const service = createAnnouncementService({ prisma, reachable: ["telegram"], clock: systemClock, logger: pino({ level: "silent" }) });
    await service.create({
      text: "Hội chợ việc làm ngoài nước tại Huế, 8 giờ sáng 5/12.",
      target: { topics: ["recruitment-and-job-fairs"] },
      createdBy: "bench",
    });
  } finally {
    await database.close();
  }
}

/** BENCH_CPU_PROF=<dir> writes a CPU profile of each worker process there. */
function runWorker(options: object): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : []),
      "--import",
      "tsx",
      "bench/announcement-worker-process.ts",
      JSON.stringify(options),
    ],
    {
      cwd: projectRoot,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) =>
    child.on("exit", (code, signal) => (code === 0 || signal === "SIGKILL" ? resolve(code) : reject(new Error(`worker exited with ${code}: ${errors}`)))),
  );
  return { child, exited };
}

/** From the first message the fake accepted to the last. */
function watchProgress(telegram: FakeTelegram) {
  let first: number | undefined;
  let last = 0;
  let seen = 0;
  const timer = setInterval(() => {
    if (telegram.sent.length > seen) {
      first ??= performance.now();
      last = performance.now();
      seen = telegram.sent.length;
    }
  }, 2);
  return {
    stop() {
      clearInterval(timer);
      return { elapsedMs: first === undefined ? 0 : last - first };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
