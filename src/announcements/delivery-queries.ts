import { Prisma, type PrismaClient } from "../db/index.js";
import type { PushChannel } from "./catalogue.js";
import type { Clock } from "./clock.js";
import { sqlTime } from "./sql-time.js";

/** A delivery row this worker has just marked `sending`. */
export interface ClaimedRow {
  id: number;
  announcementId: string;
  channel: string;
  channelUserId: string;
  attempts: number;
}

export interface ActiveSubscription {
  channel: string;
  channelUserId: string;
  topic: string;
  locality: string | null;
}

/**
 * The statements the announcement worker runs on the outbox, each guarded by the worker's id
 * so that a row another worker holds is never touched. No state: the worker keeps what it holds.
 */
export function createDeliveryQueries(deps: { prisma: PrismaClient; workerId: string; clock: Clock }) {
  const { prisma, workerId: id, clock } = deps;
  const timestamp = () => new Date(clock.now());

  return {
    /** Marks up to `batchSize` due deliveries of `channels` as this worker's, oldest due first. */
    async claimDue(channels: PushChannel[], batchSize: number): Promise<ClaimedRow[]> {
      const now = timestamp();
      // Lock a batch nobody else holds and mark it ours in one statement, inside a transaction:
      // rows another worker has locked are skipped, never waited for, never taken twice.
      const rows = await prisma.$transaction(
        async (tx) =>
          tx.$queryRaw<ClaimedRow[]>`
        WITH picked AS (
          SELECT d.id FROM deliveries d
          JOIN announcements a ON a.id = d.announcement_id AND a.status = 'sending'
          WHERE d.status = 'queued' AND d.next_attempt_at <= ${sqlTime(now)} AND d.channel IN (${Prisma.join(channels)})
          ORDER BY d.next_attempt_at, d.id
          LIMIT ${batchSize}
          FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE deliveries d
        SET status = 'sending', claimed_at = ${sqlTime(now)}, claimed_by = ${id}, attempts = d.attempts + 1, updated_at = ${sqlTime(now)}
        FROM picked WHERE d.id = picked.id
        RETURNING d.id, d.announcement_id AS "announcementId", d.channel, d.user_id AS "channelUserId", d.attempts`,
      );
      return rows.sort((a, b) => a.id - b.id);
    },

    announcementsById(ids: string[]) {
      return prisma.announcement.findMany({ where: { id: { in: ids } }, select: { id: true, text: true, link: true, target: true } });
    },

    /** Of these announcements, the ones cancelled since. */
    async cancelledAmong(ids: string[]): Promise<string[]> {
      const rows = await prisma.announcement.findMany({ where: { id: { in: ids }, status: "cancelled" }, select: { id: true } });
      return rows.map((row) => row.id);
    },

    activeSubscriptionsOf(channelUserIds: string[]): Promise<ActiveSubscription[]> {
      return prisma.$queryRaw<ActiveSubscription[]>`
      SELECT channel, channel_user_id AS "channelUserId", topic, locality FROM subscriptions
      WHERE active AND channel_user_id IN (${Prisma.join(channelUserIds)})`;
    },

    async markSkippedUnsubscribed(deliveryIds: number[]): Promise<void> {
      await prisma.delivery.updateMany({
        where: { id: { in: deliveryIds }, claimedBy: id, status: "sending" },
        data: { status: "skipped_unsubscribed", claimedBy: null },
      });
    },

    async markCancelled(deliveryId: number): Promise<void> {
      await prisma.delivery.updateMany({ where: { id: deliveryId, claimedBy: id, status: "sending" }, data: { status: "cancelled" } });
    },

    /** Gives back claimed deliveries that were never tried: their attempt does not count. */
    async giveBack(deliveryIds: number[]): Promise<void> {
      await prisma.delivery.updateMany({
        where: { id: { in: deliveryIds }, claimedBy: id, status: "sending" },
        data: { status: "queued", claimedBy: null, claimedAt: null, attempts: { decrement: 1 } },
      });
    },

    /** A live worker renews the lease of what it holds, so others requeue only what a dead one left. */
    async renewLeases(held: number[], now: number, olderThan: Date): Promise<void> {
      await prisma.delivery.updateMany({
        where: { id: { in: held }, claimedBy: id, status: "sending", claimedAt: { lt: olderThan } },
        data: { claimedAt: new Date(now) },
      });
    },

    /**
     * Deliveries `sending` since before `expiredBefore` and not in `held`: their worker vanished.
     * Those of cancelled announcements are closed, the others queued again.
     */
    async requeueExpired(now: number, expiredBefore: Date, held: number[]): Promise<{ requeued: number; cancelled: number }> {
      const cancelled = await prisma.$executeRaw`
      UPDATE deliveries d SET status = 'cancelled', claimed_by = NULL, updated_at = ${sqlTime(new Date(now))}
      FROM announcements a
      WHERE a.id = d.announcement_id AND a.status = 'cancelled' AND d.status = 'sending' AND d.claimed_at < ${sqlTime(expiredBefore)}
        AND d.id NOT IN (${held.length ? Prisma.join(held) : Prisma.sql`-1`})`;
      const requeued = await prisma.delivery.updateMany({
        where: { status: "sending", claimedAt: { lt: expiredBefore }, ...(held.length ? { id: { notIn: held } } : {}) },
        data: { status: "queued", claimedBy: null, claimedAt: null, nextAttemptAt: new Date(now) },
      });
      return { requeued: requeued.count, cancelled };
    },

    /** Marks completed the announcements with nothing left to send; returns their ids. */
    async completeFinished(): Promise<string[]> {
      const finished = await prisma.$queryRaw<{ id: string }[]>`
      UPDATE announcements a SET status = 'completed', completed_at = ${sqlTime(timestamp())}, updated_at = ${sqlTime(timestamp())}
      WHERE a.status = 'sending'
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.announcement_id = a.id AND d.status IN ('queued', 'sending'))
      RETURNING a.id`;
      return finished.map((row) => row.id);
    },

    /** How many deliveries of an announcement ended in each status. */
    async deliveryReport(announcementId: string): Promise<Record<string, number>> {
      const groups = await prisma.delivery.groupBy({ by: ["status"], where: { announcementId }, _count: { _all: true } });
      return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
    },

    /** Anything left for these channels, now or later? And when is the next due? */
    async outstanding(channels: PushChannel[]): Promise<{ any: boolean; nextDueInMs?: number }> {
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
    },
  };
}

export type DeliveryQueries = ReturnType<typeof createDeliveryQueries>;
