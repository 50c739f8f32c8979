import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { OutboundSender, SendOutcome } from "../shared/index.js";
import { Prisma, type PrismaClient } from "../db/index.js";
import type { PushChannel } from "./catalogue.js";
import type { Clock } from "./clock.js";
import { createRateLimiter, type ChannelRateLimit, type RateLimiter } from "./rate-limiter.js";
import { composeMessage, partsFor } from "./service.js";
import { stillWanted, type AnnouncementTarget } from "./targeting.js";

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

interface ClaimedDelivery {
  id: number;
  announcementId: string;
  channel: PushChannel;
  userId: string;
  attempts: number;
  parts: string[];
}

const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 10 * 60_000 };

export function createAnnouncementWorker(options: AnnouncementWorkerOptions): AnnouncementWorker {
  const { prisma, clock, logger, concurrency, maxAttempts, leaseMs } = options;
  const id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const batchSize = options.batchSize ?? concurrency * 2;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const senders = new Map(options.senders.map((sender) => [sender.channel as PushChannel, sender]));
  const channels = [...senders.keys()];
  const limiters = new Map<PushChannel, RateLimiter>(
    channels.map((channel) => [channel, createRateLimiter(options.rateLimits[channel] ?? { perSecond: 10, perChatIntervalMs: 1000 }, clock)]),
  );
  const announcements = new Map<string, { message: string; target: AnnouncementTarget }>();
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

  const timestamp = () => new Date(clock.now());
  // Timestamps are stored without zone (Prisma's default, in UTC): an ISO string cast to
  // `timestamp` compares the same wall time whatever the session's time zone.
  const sqlTime = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

  async function claimBatch(): Promise<ClaimedDelivery[]> {
    const available = channels.filter((channel) => limiters.get(channel)!.pausedFor() === 0);
    if (available.length === 0) return [];
    const now = timestamp();
    // Lock a batch nobody else holds and mark it ours in one statement, inside a transaction:
    // rows another worker has locked are skipped, never waited for, never taken twice.
    const rows = await prisma.$transaction(
      async (tx) =>
        tx.$queryRaw<{ id: number; announcementId: string; channel: string; channelUserId: string; attempts: number }[]>`
        WITH picked AS (
          SELECT d.id FROM deliveries d
          JOIN announcements a ON a.id = d.announcement_id AND a.status = 'sending'
          WHERE d.status = 'queued' AND d.next_attempt_at <= ${sqlTime(now)} AND d.channel IN (${Prisma.join(available)})
          ORDER BY d.next_attempt_at, d.id
          LIMIT ${batchSize}
          FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE deliveries d
        SET status = 'sending', claimed_at = ${sqlTime(now)}, claimed_by = ${id}, attempts = d.attempts + 1, updated_at = ${sqlTime(now)}
        FROM picked WHERE d.id = picked.id
        RETURNING d.id, d.announcement_id AS "announcementId", d.channel, d.user_id AS "channelUserId", d.attempts`,
    );
    rows.sort((a, b) => a.id - b.id);
    if (rows.length === 0) return [];
    await loadAnnouncements(rows.map((row) => row.announcementId));
    const wanted = await stillSubscribed(rows);
    const skipped = rows.filter((row) => !wanted.has(row.id)).map((row) => row.id);
    if (skipped.length) {
      await prisma.delivery.updateMany({
        where: { id: { in: skipped }, claimedBy: id, status: "sending" },
        data: { status: "skipped_unsubscribed", claimedBy: null },
      });
    }
    const claimed = rows.filter((row) => wanted.has(row.id));
    for (const row of claimed) held.add(row.id);
    return claimed.map((row) => ({
      id: row.id,
      announcementId: row.announcementId,
      channel: row.channel as PushChannel,
      userId: row.channelUserId,
      attempts: row.attempts,
      parts: partsFor(announcements.get(row.announcementId)!.message, row.channel as PushChannel),
    }));
  }

  async function noticeCancellations() {
    const ids = [...new Set(buffer.map((delivery) => delivery.announcementId))];
    if (ids.length === 0) return;
    const rows = await prisma.announcement.findMany({ where: { id: { in: ids }, status: "cancelled" }, select: { id: true } });
    for (const row of rows) cancelled.add(row.id);
  }

  async function loadAnnouncements(ids: string[]) {
    const missing = [...new Set(ids)].filter((announcementId) => !announcements.has(announcementId));
    if (missing.length === 0) return;
    const rows = await prisma.announcement.findMany({ where: { id: { in: missing } }, select: { id: true, text: true, link: true, target: true } });
    for (const row of rows) {
      announcements.set(row.id, { message: composeMessage(row, options.footer), target: row.target as AnnouncementTarget });
    }
  }

  // Checked when the turn comes rather than when the outbox was written, so that someone who
  // unsubscribed in the meantime is not messaged.
  async function stillSubscribed(rows: { id: number; announcementId: string; channel: string; channelUserId: string }[]): Promise<Set<number>> {
    const subscriptions = await prisma.$queryRaw<{ channel: string; channelUserId: string; topic: string; locality: string | null }[]>`
      SELECT channel, channel_user_id AS "channelUserId", topic, locality FROM subscriptions
      WHERE active AND channel_user_id IN (${Prisma.join([...new Set(rows.map((row) => row.channelUserId))])})`;
    const byPerson = new Map<string, { topic: string; locality: string | null }[]>();
    for (const subscription of subscriptions) {
      const key = `${subscription.channel}\u0000${subscription.channelUserId}`;
      byPerson.set(key, [...(byPerson.get(key) ?? []), subscription]);
    }
    return new Set(
      rows
        .filter((row) => stillWanted(byPerson.get(`${row.channel}\u0000${row.channelUserId}`) ?? [], announcements.get(row.announcementId)!.target))
        .map((row) => row.id),
    );
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    try {
      await sendAndRecord(delivery);
    } finally {
      held.delete(delivery.id);
    }
  }

  async function sendAndRecord(delivery: ClaimedDelivery): Promise<void> {
    if (cancelled.has(delivery.announcementId)) {
      await prisma.delivery.updateMany({ where: { id: delivery.id, claimedBy: id, status: "sending" }, data: { status: "cancelled" } });
      return;
    }
    const sender = senders.get(delivery.channel)!;
    const limiter = limiters.get(delivery.channel)!;
    const startedAt = clock.now();
    let outcome: SendOutcome = { status: "sent" };
    for (const part of delivery.parts) {
      for (;;) {
        await limiter.acquire(delivery.userId);
        outcome = await sender
          .sendText(delivery.userId, part)
          .catch((error: unknown): SendOutcome => ({ status: "failed", retry: "transient", reason: error instanceof Error ? error.message : String(error) }));
        if (outcome.status !== "rate-limited") break;
        // The whole channel is over its limit, not this person: everyone on it waits.
        limiter.pause(outcome.retryAfterSeconds * 1000);
        logger.warn({ channel: delivery.channel, retryAfterSeconds: outcome.retryAfterSeconds }, "rate limited by the platform: pausing the channel");
        // A wait that would outlive the lease goes back to the queue instead, so no other
        // worker mistakes this delivery for a lost one.
        if (clock.now() + outcome.retryAfterSeconds * 1000 - startedAt > leaseMs / 2) break;
      }
      if (outcome.status !== "sent") break;
    }
    await recordInGroup(delivery, outcome);
  }

  // Group commit: each lane waits until its own result is stored before it sends again (so a
  // crash can repeat at most `concurrency` messages), but the results of lanes that finish
  // while a write is under way are stored together, in one statement for the usual "sent".
  const unstored: { delivery: ClaimedDelivery; outcome: SendOutcome; done: (error?: unknown) => void }[] = [];
  // biome-ignore lint/correctness/noUnusedVariables: read by `??=` in recordInGroup, which Biome does not count
  let storing: Promise<void> | undefined;

  function recordInGroup(delivery: ClaimedDelivery, outcome: SendOutcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      unstored.push({ delivery, outcome, done: (error) => (error === undefined ? resolve() : reject(error)) });
      storing ??= storeAll();
    });
  }

  async function storeAll() {
    while (unstored.length) {
      // One turn of the event loop first: the replies that arrived in the same I/O phase join
      // this group instead of each waiting for a write of its own.
      await new Promise((resolve) => setImmediate(resolve));
      const group = unstored.splice(0);
      try {
        const sent = group.filter((entry) => entry.outcome.status === "sent").map((entry) => entry.delivery.id);
        if (sent.length) {
          // Raw SQL: the hottest statement of a run, and Prisma's query compiler costs more than the update.
          const at = sqlTime(timestamp());
          await prisma.$executeRaw`
            UPDATE deliveries SET status = 'sent', sent_at = ${at}, last_error = NULL, updated_at = ${at}
            WHERE id IN (${Prisma.join(sent)}) AND claimed_by = ${id} AND status = 'sending'`;
        }
        for (const entry of group) if (entry.outcome.status !== "sent") await record(entry.delivery, entry.outcome);
        for (const entry of group) entry.done();
      } catch (error) {
        for (const entry of group) entry.done(error);
      }
    }
    // Cleared in the same tick as the emptiness check: a result added in between would
    // otherwise wait for a writer that has already finished.
    storing = undefined;
  }

  async function record(delivery: ClaimedDelivery, outcome: SendOutcome) {
    const now = timestamp();
    const mine = { id: delivery.id, claimedBy: id, status: "sending" as const };
    switch (outcome.status) {
      case "sent":
        await prisma.delivery.updateMany({ where: mine, data: { status: "sent", sentAt: now, lastError: null } });
        return;
      case "outside-window":
        await prisma.delivery.updateMany({ where: mine, data: { status: "skipped_window", lastError: "outside the Zalo OA 7-day window" } });
        return;
      case "blocked":
        await prisma.$transaction([
          prisma.delivery.updateMany({ where: mine, data: { status: "blocked", lastError: outcome.reason } }),
          // They cannot receive from us any more: stop targeting them until they subscribe again.
          prisma.subscription.updateMany({
            where: { channel: delivery.channel, channelUserId: delivery.userId, active: true },
            data: { active: false, unsubscribedAt: now },
          }),
        ]);
        return;
      case "rate-limited":
        await prisma.delivery.updateMany({
          where: mine,
          data: {
            status: "queued",
            claimedBy: null,
            claimedAt: null,
            // Waiting for the platform is not the recipient's failure.
            attempts: { decrement: 1 },
            nextAttemptAt: new Date(now.getTime() + outcome.retryAfterSeconds * 1000),
          },
        });
        return;
      case "failed": {
        const final = outcome.retry === "permanent" || delivery.attempts >= maxAttempts;
        if (final) {
          await prisma.delivery.updateMany({ where: mine, data: { status: "failed", lastError: outcome.reason } });
          return;
        }
        const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (delivery.attempts - 1));
        const cancelled = (await prisma.announcement.findUnique({ where: { id: delivery.announcementId }, select: { status: true } }))?.status === "cancelled";
        await prisma.delivery.updateMany({
          where: mine,
          data: {
            status: cancelled ? "cancelled" : "queued",
            claimedBy: null,
            claimedAt: null,
            lastError: outcome.reason,
            nextAttemptAt: new Date(now.getTime() + delay),
          },
        });
        return;
      }
    }
  }

  async function requeueExpiredLeases(): Promise<number> {
    const now = clock.now();
    lastRequeueAt = now;
    const expired = new Date(now - leaseMs);
    const cancelled = await prisma.$executeRaw`
      UPDATE deliveries d SET status = 'cancelled', claimed_by = NULL, updated_at = ${sqlTime(new Date(now))}
      FROM announcements a
      WHERE a.id = d.announcement_id AND a.status = 'cancelled' AND d.status = 'sending' AND d.claimed_at < ${sqlTime(expired)}
        AND d.id NOT IN (${held.size ? Prisma.join([...held]) : Prisma.sql`-1`})`;
    const requeued = await prisma.delivery.updateMany({
      where: { status: "sending", claimedAt: { lt: expired }, ...(held.size ? { id: { notIn: [...held] } } : {}) },
      data: { status: "queued", claimedBy: null, claimedAt: null, nextAttemptAt: new Date(now) },
    });
    if (requeued.count + cancelled > 0) logger.warn({ requeued: requeued.count, cancelled }, "deliveries of a vanished worker put back");
    return requeued.count;
  }

  async function completeFinished() {
    const finished = await prisma.$queryRaw<{ id: string }[]>`
      UPDATE announcements a SET status = 'completed', completed_at = ${sqlTime(timestamp())}, updated_at = ${sqlTime(timestamp())}
      WHERE a.status = 'sending'
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.announcement_id = a.id AND d.status IN ('queued', 'sending'))
      RETURNING a.id`;
    for (const { id: announcementId } of finished) {
      announcements.delete(announcementId);
      const groups = await prisma.delivery.groupBy({ by: ["status"], where: { announcementId }, _count: { _all: true } });
      logger.info({ announcementId, report: Object.fromEntries(groups.map((group) => [group.status, group._count._all])) }, "announcement completed");
    }
  }

  /** Anything left for this worker's channels, now or later? And when is the next due? */
  async function outstanding(): Promise<{ any: boolean; nextDueInMs?: number }> {
    const pending = await prisma.delivery.findFirst({
      where: { status: { in: ["queued", "sending"] }, channel: { in: channels }, announcement: { status: "sending" } },
      orderBy: [{ status: "asc" }, { nextAttemptAt: "asc" }],
      select: { status: true, nextAttemptAt: true },
    });
    const scheduled = await prisma.announcement.findFirst({ where: { status: "scheduled" }, orderBy: { scheduledAt: "asc" }, select: { scheduledAt: true } });
    if (!pending && !scheduled) return { any: false };
    const dues = [pending?.status === "queued" ? pending.nextAttemptAt.getTime() : undefined, scheduled?.scheduledAt?.getTime()].filter(
      (at): at is number => at !== undefined,
    );
    return { any: true, nextDueInMs: dues.length ? Math.max(0, Math.min(...dues) - clock.now()) : undefined };
  }

  async function housekeeping() {
    const now = clock.now();
    // A live worker renews the lease of what it holds, so others requeue only what a dead one left.
    if (now - lastRenewAt >= leaseMs / 3 && held.size) {
      lastRenewAt = now;
      // Only rows held for a while: most are sent long before their lease matters.
      await prisma.delivery.updateMany({
        where: { id: { in: [...held] }, claimedBy: id, status: "sending", claimedAt: { lt: new Date(now - leaseMs / 3) } },
        data: { claimedAt: new Date(now) },
      });
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
          return await outstanding().catch(() => ({ any: true, nextDueInMs: pollIntervalMs }));
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
    if (unstarted.length) {
      await prisma.delivery.updateMany({
        where: { id: { in: unstarted }, claimedBy: id, status: "sending" },
        data: { status: "queued", claimedBy: null, claimedAt: null, attempts: { decrement: 1 } },
      });
    }
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
