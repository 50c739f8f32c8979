import pino from "pino";
import { z } from "zod";
import { createAnnouncementWorker, createTelegramPushSender, openDatabase, systemClock } from "./product.js";

/**
 * One announcement worker in its own process, so that the benchmark can SIGKILL it mid-way:
 * `node --import tsx bench/announcement-worker-process.ts '<json options>'`. It drains the
 * outbox of the database given (embedded data dir or PostgreSQL URL), then prints
 * `{"done":true}` and exits.
 */
const options = z
  .object({
    database: z.union([z.object({ dataDir: z.string() }), z.object({ url: z.string() })]),
    telegram: z.object({ token: z.string(), apiRoot: z.string() }),
    perSecond: z.number().positive(),
    burst: z.number().int().min(1),
    concurrency: z.number().int().min(1),
    leaseMs: z.number().int().min(100),
    workerId: z.string(),
  })
  .parse(JSON.parse(process.argv[2] ?? "{}"));

const logger = pino({ level: "warn" }, pino.destination(2));
const database = await openDatabase(options.database);
const worker = createAnnouncementWorker({
  prisma: database.prisma,
  senders: [createTelegramPushSender(options.telegram)],
  rateLimits: { telegram: { perSecond: options.perSecond, perChatIntervalMs: 1000, burst: options.burst } },
  concurrency: options.concurrency,
  batchSize: options.concurrency * 4,
  maxAttempts: 5,
  backoff: { baseMs: 500, maxMs: 5_000 },
  leaseMs: options.leaseMs,
  pollIntervalMs: 100,
  clock: systemClock,
  logger,
  workerId: options.workerId,
});
console.log(JSON.stringify({ ready: true, pid: process.pid }));
await worker.drain();
await database.close();
console.log(JSON.stringify({ done: true }));
