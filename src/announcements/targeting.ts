import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/index.js";
import { pushChannels, type PushChannel, type Topic } from "./catalogue.js";

export const registrationStatuses = ["submitted", "contacted", "eligible", "loan_applied", "departed", "withdrawn", "rejected"] as const;

/**
 * Who an announcement is for. Every part is optional and narrows the audience: absent means
 * "any". A subscriber matches when one of their active topics is among `topics`, their
 * locality among `localities` (someone who chose "the whole country" has no locality and only
 * receives announcements not aimed at particular provinces), their channel among `channels`,
 * and, with `registrationStatuses`, they registered on that channel and the registration has
 * one of those statuses.
 */
export interface AnnouncementTarget {
  topics?: string[];
  localities?: string[];
  channels?: PushChannel[];
  registrationStatuses?: (typeof registrationStatuses)[number][];
}

/** The zod schema of a target, checked against the catalogues in force. */
export function targetSchema(catalogue: { topics: Topic[]; provinceCodes: string[] }) {
  const topicCodes = catalogue.topics.map((topic) => topic.code);
  const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, "give at least one, or leave it out to mean any").max(100).optional();
  return z.strictObject({
    topics: list(
      z
        .string()
        .refine((code) => topicCodes.includes(code), { error: (issue) => `"${String(issue.input)}" is not a known topic (known: ${topicCodes.join(", ")})` }),
    ),
    localities: list(
      z.string().refine((code) => catalogue.provinceCodes.includes(code), { error: (issue) => `"${String(issue.input)}" is not a known province code` }),
    ),
    channels: list(z.enum(pushChannels)),
    registrationStatuses: list(z.enum(registrationStatuses)),
  }) satisfies z.ZodType<AnnouncementTarget>;
}

export interface Recipient {
  channel: PushChannel;
  userId: string;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** One recipient per person and channel, however many of their topics match. */
export async function findRecipients(db: Db, target: AnnouncementTarget, reachable: readonly PushChannel[]): Promise<Recipient[]> {
  const channels = reachable.filter((channel) => !target.channels || target.channels.includes(channel));
  if (channels.length === 0) return [];
  const rows = await db.subscription.findMany({
    where: {
      active: true,
      channel: { in: channels },
      ...(target.topics ? { topic: { in: target.topics } } : {}),
      ...(target.localities ? { locality: { in: target.localities } } : {}),
    },
    select: { channel: true, channelUserId: true },
    distinct: ["channel", "channelUserId"],
    orderBy: [{ channel: "asc" }, { channelUserId: "asc" }],
  });
  let recipients = rows.map((row) => ({ channel: row.channel as PushChannel, userId: row.channelUserId }));
  if (target.registrationStatuses) {
    const registered = await db.registration.findMany({
      where: { status: { in: target.registrationStatuses }, channel: { in: channels }, anonymisedAt: null, channelUserId: { not: null } },
      select: { channel: true, channelUserId: true },
    });
    const keys = new Set(registered.map((row) => `${row.channel}\u0000${row.channelUserId}`));
    recipients = recipients.filter((recipient) => keys.has(`${recipient.channel}\u0000${recipient.userId}`));
  }
  return recipients;
}

/**
 * Subscribers the target's topics and places match but no sender can reach: web chat visitors
 * (who subscribed before the page said it cannot push) and channels not configured here. Staff
 * see the number before sending, instead of a silent "0 recipients, completed".
 */
export async function countUnreachable(db: Db, target: AnnouncementTarget, reachable: readonly string[]): Promise<Record<string, number>> {
  const rows = await db.subscription.findMany({
    where: {
      active: true,
      channel: { notIn: [...reachable] },
      ...(target.topics ? { topic: { in: target.topics } } : {}),
      ...(target.localities ? { locality: { in: target.localities } } : {}),
    },
    select: { channel: true, channelUserId: true },
    distinct: ["channel", "channelUserId"],
  });
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.channel] = (counts[row.channel] ?? 0) + 1;
  return counts;
}

/** Whether a person's active subscriptions still match the announcement when their turn comes. */
export function stillWanted(subscriptions: { topic: string; locality: string | null }[], target: AnnouncementTarget): boolean {
  return subscriptions.some(
    (subscription) =>
      (!target.topics || target.topics.includes(subscription.topic)) &&
      (!target.localities || (subscription.locality !== null && target.localities.includes(subscription.locality))),
  );
}

export function countByChannel(recipients: Recipient[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const recipient of recipients) counts[recipient.channel] = (counts[recipient.channel] ?? 0) + 1;
  return counts;
}
