import type { PushChannel } from "./catalogue.js";
import type { DeliveryQueries, ClaimedRow } from "./delivery-queries.js";
import type { TriedDelivery } from "./delivery-recorder.js";
import { composeMessage, partsFor } from "./service.js";
import { stillWanted, type AnnouncementTarget } from "./targeting.js";

/** A delivery this worker holds, with the message cut to its channel's size. */
export interface ClaimedDelivery extends TriedDelivery {
  parts: string[];
}

/**
 * Claims due deliveries and readies them to send: each announcement's message composed once
 * and kept while it is sending, and the recipients who unsubscribed since the outbox was
 * written set aside rather than messaged.
 */
export function createDeliveryClaimer(deps: { queries: DeliveryQueries; batchSize: number; footer?: string }) {
  const { queries } = deps;
  const announcements = new Map<string, { message: string; target: AnnouncementTarget }>();

  async function claim(channels: PushChannel[]): Promise<ClaimedDelivery[]> {
    const rows = await queries.claimDue(channels, deps.batchSize);
    if (rows.length === 0) return [];
    await loadAnnouncements(rows.map((row) => row.announcementId));
    const wanted = await stillSubscribed(rows);
    const skipped = rows.filter((row) => !wanted.has(row.id)).map((row) => row.id);
    if (skipped.length) await queries.markSkippedUnsubscribed(skipped);
    return rows
      .filter((row) => wanted.has(row.id))
      .map((row) => ({
        id: row.id,
        announcementId: row.announcementId,
        channel: row.channel as PushChannel,
        userId: row.channelUserId,
        attempts: row.attempts,
        parts: partsFor(announcements.get(row.announcementId)!.message, row.channel as PushChannel),
      }));
  }

  async function loadAnnouncements(ids: string[]) {
    const missing = [...new Set(ids)].filter((announcementId) => !announcements.has(announcementId));
    if (missing.length === 0) return;
    for (const row of await queries.announcementsById(missing)) {
      announcements.set(row.id, { message: composeMessage(row, deps.footer), target: row.target as AnnouncementTarget });
    }
  }

  // Checked when the turn comes rather than when the outbox was written, so that someone who
  // unsubscribed in the meantime is not messaged.
  async function stillSubscribed(rows: ClaimedRow[]): Promise<Set<number>> {
    const subscriptions = await queries.activeSubscriptionsOf([...new Set(rows.map((row) => row.channelUserId))]);
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

  return {
    claim,
    /** A completed announcement's message is not needed any more. */
    forget: (announcementId: string) => announcements.delete(announcementId),
  };
}
