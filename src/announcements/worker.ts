import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { OutboundSender } from "../shared/index.js";
import type { PrismaClient } from "../db/index.js";
import type { PushChannel } from "./catalogue.js";
import type { Clock } from "./clock.js";
import { createDeliveryClaimer, type ClaimedDelivery } from "./delivery-claimer.js";
import { createDeliveryQueries } from "./delivery-queries.js";
import { createDeliveryRecorder } from "./delivery-recorder.js";
import { createRateLimiter, type ChannelRateLimit, type RateLimiter } from "./rate-limiter.js";
import { sendParts } from "./send-parts.js";

export interface AnnouncementWorkerOptions {
  prisma: PrismaClient;
  /** Ends every message: how to stop receiving announcements. */
  footer?: string;
  senders: OutboundSender[];
  rateLimits: Partial<Record<PushChannel, ChannelRateLimit>>;
  /** Sends in flight at once. A crash can send at most this many messages twice. */
  concurrency: number;
  /** Deliveries claimed per query; defaults to twice the concurrency. */
  batchSize?: number;
  /** Transient failures (5xx, network) are retried until a delivery has had this many attempts. */
  maxAttempts: number;
  backoff?: { baseMs: number; maxMs: number };
  /** A delivery `sending` for longer than this is presumed lost with its worker and requeued. */
  leaseMs: number;
  /** How often an idle worker looks for work (and for scheduled announcements that are due). */
  pollIntervalMs?: number;
  /** Promotes scheduled announcements whose time has come (the service's `startDue`). */
  startDue?: () => Promise<unknown>;
  clock: Clock;
  logger: Logger;
  workerId?: string;
}

export interface AnnouncementWorker {
  readonly id: string;
  /** Runs in the background until `stop()`. */
  start(): void;
  /** Finishes the sends in flight, gives back what it claimed but did not start, then stops claiming. */
  stop(): Promise<void>;
  /** Works until nothing is left to send (waiting for retries that are due later). For tests and tools. */
  drain(): Promise<void>;
  /** Puts deliveries whose worker vanished mid-send back in the queue; returns how many. */
  requeueExpiredLeases(): Promise<number>;
}

const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 10 * 60_000 };

/**
 * The delivery loop: `concurrency` lanes each take a claimed delivery, send it and wait for its
 * result to be stored; claiming runs ahead of the lanes, and idle lanes share one look at the
 * database. The statements are in `delivery-queries.ts`, the results' writing in
 * `delivery-recorder.ts`; this loop keeps what the worker holds.
 */
export function createAnnouncementWorker(options: AnnouncementWorkerOptions): AnnouncementWorker {
  const { prisma, clock, logger, concurrency, leaseMs } = options;
  const id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const senders = new Map(options.senders.map((sender) => [sender.channel as PushChannel, sender]));
  const channels = [...senders.keys()];
  const limiters = new Map<PushChannel, RateLimiter>(
    channels.map((channel) => [channel, createRateLimiter(options.rateLimits[channel] ?? { perSecond: 10, perChatIntervalMs: 1000 }, clock)]),
  );
  const queries = createDeliveryQueries({ prisma, workerId: id, clock });
  const claimer = createDeliveryClaimer({ queries, batchSize: options.batchSize ?? concurrency * 2, footer: options.footer });
  const recorder = createDeliveryRecorder({ prisma, workerId: id, clock, maxAttempts: options.maxAttempts, backoff: options.backoff ?? DEFAULT_BACKOFF });
  /** Announcements cancelled while some of their rows sat claimed in this worker's buffer. */
  const cancelled = new Set<string>();

  const buffer: ClaimedDelivery[] = [];
  /** Deliveries this worker holds (buffered or in flight): never requeued under its feet. */
  const held = new Set<number>();
  let refilling: Promise<number> | undefined;
  let idleCheck: Promise<{ any: boolean; nextDueInMs?: number }> | undefined;
  let stopping = false;
  let running: Promise<void> | undefined;
  let lastRequeueAt = Number.NEGATIVE_INFINITY;
  let lastStartDueAt = Number.NEGATIVE_INFINITY;
  let lastRenewAt = Number.NEGATIVE_INFINITY;

  async function claimBatch(): Promise<ClaimedDelivery[]> {
    const available = channels.filter((channel) => limiters.get(channel)!.pausedFor() === 0);
    if (available.length === 0) return [];
    const claimed = await claimer.claim(available);
    for (const delivery of claimed) held.add(delivery.id);
    return claimed;
  }

  async function noticeCancellations() {
    const ids = [...new Set(buffer.map((delivery) => delivery.announcementId))];
    if (ids.length === 0) return;
    for (const announcementId of await queries.cancelledAmong(ids)) cancelled.add(announcementId);
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    try {
      if (cancelled.has(delivery.announcementId)) return await queries.markCancelled(delivery.id);
      const sender = senders.get(delivery.channel)!;
      const outcome = await sendParts(delivery, { sender, limiter: limiters.get(delivery.channel)!, clock, leaseMs, logger });
      await recorder.record(delivery, outcome);
    } finally {
      held.delete(delivery.id);
    }
  }

  async function requeueExpiredLeases(): Promise<number> {
    const now = clock.now();
    lastRequeueAt = now;
    const { requeued, cancelled } = await queries.requeueExpired(now, new Date(now - leaseMs), [...held]);
    if (requeued + cancelled > 0) logger.warn({ requeued, cancelled }, "deliveries of a vanished worker put back");
    return requeued;
  }

  async function completeFinished() {
    for (const announcementId of await queries.completeFinished()) {
      claimer.forget(announcementId);
      logger.info({ announcementId, report: await queries.deliveryReport(announcementId) }, "announcement completed");
    }
  }

  async function housekeeping() {
    const now = clock.now();
    // Only rows held for a while: most are sent long before their lease matters.
    if (now - lastRenewAt >= leaseMs / 3 && held.size) {
      lastRenewAt = now;
      await queries.renewLeases([...held], now, new Date(now - leaseMs / 3));
    }
    if (now - lastRequeueAt >= leaseMs / 2) await requeueExpiredLeases();
    if (options.startDue && now - lastStartDueAt >= pollIntervalMs) {
      lastStartDueAt = now;
      await options.startDue();
    }
  }

  /** Claims more work; resolves with how many deliveries were claimed. */
  function refill(): Promise<number> {
    refilling ??= (async () => {
      try {
        await housekeeping();
        const claimed = await claimBatch();
        buffer.push(...claimed);
        await noticeCancellations();
        return claimed.length;
      } finally {
        refilling = undefined;
      }
    })();
    return refilling;
  }

  async function lane(mode: "drain" | "run"): Promise<void> {
    while (!stopping) {
      // Claiming ahead keeps the lanes busy; claimed-but-unstarted rows are given back on stop.
      if (buffer.length < concurrency && !refilling) void refill().catch((error: unknown) => logger.error({ err: error }, "could not claim deliveries"));
      let delivery = buffer.shift();
      if (!delivery) {
        const claimed = await (refilling ?? refill()).catch(() => 0);
        delivery = buffer.shift();
        // Other lanes took this batch: there is more work, so no idling.
        if (!delivery && claimed > 0) continue;
      }
      if (delivery) {
        try {
          await deliver(delivery);
        } catch (error) {
          // The row stays `sending` and its lease brings it back: better late than twice.
          logger.error({ err: error, deliveryId: delivery.id }, "could not record a delivery");
        }
        continue;
      }
      // Idle lanes share one look at the database rather than each asking the same question.
      idleCheck ??= (async () => {
        try {
          await completeFinished().catch((error: unknown) => logger.error({ err: error }, "could not complete announcements"));
          return await queries.outstanding(channels).catch(() => ({ any: true, nextDueInMs: pollIntervalMs }));
        } finally {
          idleCheck = undefined;
        }
      })();
      const left = await idleCheck;
      if (mode === "drain" && !left.any) return;
      await clock.sleep(Math.max(1, Math.min(pollIntervalMs, left.nextDueInMs ?? pollIntervalMs)));
    }
  }

  async function run(mode: "drain" | "run") {
    await requeueExpiredLeases();
    await Promise.all(Array.from({ length: concurrency }, () => lane(mode)));
    await refilling?.catch(() => undefined);
    const unstarted = buffer.splice(0).map((delivery) => delivery.id);
    for (const deliveryId of unstarted) held.delete(deliveryId);
    if (unstarted.length) await queries.giveBack(unstarted);
    await completeFinished();
  }

  return {
    id,
    start() {
      stopping = false;
      running ??= run("run").catch((error: unknown) => logger.error({ err: error }, "announcement worker stopped on an error"));
    },
    async stop() {
      stopping = true;
      await running;
      running = undefined;
    },
    async drain() {
      stopping = false;
      await run("drain");
    },
    requeueExpiredLeases,
  };
}
