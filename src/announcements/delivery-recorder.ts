import { Prisma, type PrismaClient } from "../db/index.js";
import type { SendOutcome } from "../shared/index.js";
import type { PushChannel } from "./catalogue.js";
import type { Clock } from "./clock.js";
import { sqlTime } from "./sql-time.js";

/** What the recorder needs to know of a delivery that was tried. */
export interface TriedDelivery {
  id: number;
  announcementId: string;
  channel: PushChannel;
  userId: string;
  /** Attempts so far, this one included. */
  attempts: number;
}

export interface DeliveryRecorder {
  /** Stores the outcome of one try; resolves once it is written. */
  record(delivery: TriedDelivery, outcome: SendOutcome): Promise<void>;
}

/**
 * Writes what became of each try, on rows this worker still holds only. Group commit: each
 * caller waits until its own result is stored before it sends again (so a crash can repeat at
 * most one message per caller), but the results that arrive while a write is under way are
 * stored together, in one statement for the usual "sent".
 */
export function createDeliveryRecorder(deps: {
  prisma: PrismaClient;
  workerId: string;
  clock: Clock;
  /** Transient failures are retried until a delivery has had this many attempts. */
  maxAttempts: number;
  backoff: { baseMs: number; maxMs: number };
}): DeliveryRecorder {
  const { prisma, workerId, clock, maxAttempts, backoff } = deps;
  const timestamp = () => new Date(clock.now());
  const unstored: { delivery: TriedDelivery; outcome: SendOutcome; done: (error?: unknown) => void }[] = [];
  // biome-ignore lint/correctness/noUnusedVariables: read by `??=` in record, which Biome does not count
  let storing: Promise<void> | undefined;

  function record(delivery: TriedDelivery, outcome: SendOutcome): Promise<void> {
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
        if (sent.length) await storeSent(sent);
        for (const entry of group) if (entry.outcome.status !== "sent") await storeOne(entry.delivery, entry.outcome);
        for (const entry of group) entry.done();
      } catch (error) {
        for (const entry of group) entry.done(error);
      }
    }
    // Cleared in the same tick as the emptiness check: a result added in between would
    // otherwise wait for a writer that has already finished.
    storing = undefined;
  }

  async function storeSent(deliveryIds: number[]) {
    // Raw SQL: the hottest statement of a run, and Prisma's query compiler costs more than the update.
    const at = sqlTime(timestamp());
    await prisma.$executeRaw`
            UPDATE deliveries SET status = 'sent', sent_at = ${at}, last_error = NULL, updated_at = ${at}
            WHERE id IN (${Prisma.join(deliveryIds)}) AND claimed_by = ${workerId} AND status = 'sending'`;
  }

  async function storeOne(delivery: TriedDelivery, outcome: SendOutcome) {
    const now = timestamp();
    const mine = { id: delivery.id, claimedBy: workerId, status: "sending" as const };
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

  return { record };
}
