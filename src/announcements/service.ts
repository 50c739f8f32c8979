import type { Logger } from "pino";
import { splitText } from "../shared/index.js";
import type { PrismaClient } from "../db/index.js";
import { TEXT_LIMITS, type PushChannel } from "./catalogue.js";
import type { Clock } from "./clock.js";
import { countByChannel, countUnreachable, findRecipients, type AnnouncementTarget, type Recipient } from "./targeting.js";

export interface NewAnnouncement {
  text: string;
  link?: string;
  target: AnnouncementTarget;
  /** Absent or past: sent now. */
  sendAt?: Date;
  createdBy: string;
  /** The creator's province (province staff); absent: an administrator's. */
  provinceCode?: string;
}

/**
 * Whose announcements a caller may see and act on: every one (administrators), or those made
 * in one province. Outside it an announcement is reported as not found.
 */
export interface AnnouncementScope {
  provinceCode?: string;
}

export type DeliveryCounts = Record<"queued" | "sending" | "sent" | "failed" | "blocked" | "skipped_window" | "skipped_unsubscribed" | "cancelled", number>;

export interface AnnouncementReport {
  id: string;
  status: "draft" | "scheduled" | "sending" | "cancelled" | "completed";
  text: string;
  link: string | null;
  target: AnnouncementTarget;
  createdBy: string;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  recipients: number;
  deliveries: DeliveryCounts;
}

export interface AnnouncementService {
  /** Recipients the target reaches now, without writing anything. */
  preview(target: AnnouncementTarget): Promise<{ total: number; byChannel: Record<string, number>; unreachable: Record<string, number> }>;
  create(input: NewAnnouncement): Promise<AnnouncementReport>;
  /** Scheduled announcements whose time came become `sending`, with their deliveries. */
  startDue(): Promise<number>;
  /** undefined: no such announcement (in scope); "final": already completed or cancelled. */
  cancel(id: string, scope?: AnnouncementScope): Promise<AnnouncementReport | "final" | undefined>;
  report(id: string, scope?: AnnouncementScope): Promise<AnnouncementReport | undefined>;
  list(limit?: number, scope?: AnnouncementScope): Promise<AnnouncementReport[]>;
  /** The announcement as one message, link included. */
  messageOf(announcement: { text: string; link: string | null }): string;
}

/** The text people receive: the announcement, its link, and the footer saying how to stop. */
export function composeMessage(announcement: { text: string; link: string | null | undefined }, footer?: string): string {
  return [announcement.text, announcement.link, footer].filter(Boolean).join("\n\n");
}

/** Why a text cannot go unsplit to a channel, or undefined when it fits everywhere. */
export function tooLongFor(text: string, channels: readonly PushChannel[]): { channel: PushChannel; limit: number; length: number } | undefined {
  const length = text.normalize("NFC").length;
  for (const channel of channels) if (length > TEXT_LIMITS[channel]) return { channel, limit: TEXT_LIMITS[channel], length };
  return undefined;
}

/** The parts a channel receives, each within its limit. */
export function partsFor(message: string, channel: PushChannel): string[] {
  return splitText(message, TEXT_LIMITS[channel]);
}

const INSERT_CHUNK = 1000;

export function createAnnouncementService(deps: {
  prisma: PrismaClient;
  /** Channels with a sender: nobody on another channel can be reached. */
  reachable: readonly PushChannel[];
  clock: Clock;
  logger: Logger;
  /** Ends every announcement: how to stop receiving them (the law on advertising messages asks for it). */
  footer?: string;
}): AnnouncementService {
  const { prisma, reachable, clock, logger } = deps;

  // The outbox: the announcement becomes `sending` and its deliveries exist, or neither.
  async function startSending(id: string, onlyIfScheduled: boolean): Promise<number | undefined> {
    return prisma.$transaction(
      async (tx) => {
        const now = new Date(clock.now());
        const moved = await tx.announcement.updateMany({
          where: { id, status: onlyIfScheduled ? "scheduled" : "draft" },
          data: { status: "sending", startedAt: now },
        });
        if (moved.count === 0) return undefined;
        const announcement = await tx.announcement.findUniqueOrThrow({ where: { id } });
        const recipients = await findRecipients(tx, announcement.target as AnnouncementTarget, reachable);
        await insertDeliveries(tx, id, recipients, now);
        if (recipients.length === 0) await tx.announcement.update({ where: { id }, data: { status: "completed", completedAt: now } });
        return recipients.length;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  async function insertDeliveries(tx: Pick<PrismaClient, "delivery">, announcementId: string, recipients: Recipient[], now: Date) {
    for (let start = 0; start < recipients.length; start += INSERT_CHUNK) {
      await tx.delivery.createMany({
        data: recipients.slice(start, start + INSERT_CHUNK).map((recipient) => ({
          announcementId,
          channel: recipient.channel,
          channelUserId: recipient.userId,
          nextAttemptAt: now,
        })),
      });
    }
  }

  async function report(id: string, scope: AnnouncementScope = {}): Promise<AnnouncementReport | undefined> {
    const announcement = await prisma.announcement.findFirst({ where: { id, ...scopeFilter(scope) } });
    if (!announcement) return undefined;
    const groups = await prisma.delivery.groupBy({ by: ["status"], where: { announcementId: id }, _count: { _all: true } });
    return toReport(
      announcement,
      groups.map((group) => ({ status: group.status, count: group._count._all })),
    );
  }

  return {
    async preview(target) {
      const recipients = await findRecipients(prisma, target, reachable);
      return { total: recipients.length, byChannel: countByChannel(recipients), unreachable: await countUnreachable(prisma, target, reachable) };
    },

    async create(input) {
      const now = clock.now();
      const scheduled = input.sendAt !== undefined && input.sendAt.getTime() > now;
      const announcement = await prisma.announcement.create({
        data: {
          text: input.text,
          link: input.link,
          target: input.target as object,
          status: scheduled ? "scheduled" : "draft",
          scheduledAt: input.sendAt,
          createdBy: input.createdBy,
          provinceCode: input.provinceCode ?? null,
        },
      });
      if (!scheduled) {
        const count = await startSending(announcement.id, false);
        logger.info({ announcementId: announcement.id, recipients: count }, "announcement sending");
      } else {
        logger.info({ announcementId: announcement.id, sendAt: input.sendAt }, "announcement scheduled");
      }
      return (await report(announcement.id))!;
    },

    async startDue() {
      const due = await prisma.announcement.findMany({
        where: { status: "scheduled", scheduledAt: { lte: new Date(clock.now()) } },
        select: { id: true },
      });
      let started = 0;
      for (const { id } of due) {
        // Another instance may have started it first: then this is a no-op.
        const count = await startSending(id, true);
        if (count !== undefined) {
          started++;
          logger.info({ announcementId: id, recipients: count }, "scheduled announcement sending");
        }
      }
      return started;
    },

    async cancel(id, scope = {}) {
      const outcome = await prisma.$transaction(async (tx) => {
        const now = new Date(clock.now());
        const moved = await tx.announcement.updateMany({
          where: { id, status: { in: ["draft", "scheduled", "sending"] }, ...scopeFilter(scope) },
          data: { status: "cancelled", cancelledAt: now },
        });
        if (moved.count === 0) return (await tx.announcement.count({ where: { id, ...scopeFilter(scope) } })) ? "final" : undefined;
        // Messages already in flight finish and are recorded as what they became.
        await tx.delivery.updateMany({ where: { announcementId: id, status: "queued" }, data: { status: "cancelled" } });
        return "cancelled";
      });
      if (outcome !== "cancelled") return outcome;
      logger.info({ announcementId: id }, "announcement cancelled");
      return (await report(id))!;
    },

    report,

    async list(limit = 50, scope = {}) {
      const announcements = await prisma.announcement.findMany({ where: scopeFilter(scope), orderBy: { createdAt: "desc" }, take: limit });
      if (announcements.length === 0) return [];
      const groups = await prisma.delivery.groupBy({
        by: ["announcementId", "status"],
        where: { announcementId: { in: announcements.map((a) => a.id) } },
        _count: { _all: true },
      });
      return announcements.map((announcement) =>
        toReport(
          announcement,
          groups.filter((group) => group.announcementId === announcement.id).map((group) => ({ status: group.status, count: group._count._all })),
        ),
      );
    },

    messageOf: (announcement) => composeMessage(announcement, deps.footer),
  };
}

function scopeFilter(scope: AnnouncementScope): { provinceCode?: string } {
  return scope.provinceCode === undefined ? {} : { provinceCode: scope.provinceCode };
}

function toReport(
  announcement: {
    id: string;
    status: AnnouncementReport["status"];
    text: string;
    link: string | null;
    target: unknown;
    createdBy: string;
    scheduledAt: Date | null;
    startedAt: Date | null;
    completedAt: Date | null;
    cancelledAt: Date | null;
    createdAt: Date;
  },
  groups: { status: keyof DeliveryCounts; count: number }[],
): AnnouncementReport {
  const deliveries: DeliveryCounts = { queued: 0, sending: 0, sent: 0, failed: 0, blocked: 0, skipped_window: 0, skipped_unsubscribed: 0, cancelled: 0 };
  for (const group of groups) deliveries[group.status] = group.count;
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: announcement.id,
    status: announcement.status,
    text: announcement.text,
    link: announcement.link,
    target: announcement.target as AnnouncementTarget,
    createdBy: announcement.createdBy,
    scheduledAt: iso(announcement.scheduledAt),
    startedAt: iso(announcement.startedAt),
    completedAt: iso(announcement.completedAt),
    cancelledAt: iso(announcement.cancelledAt),
    createdAt: announcement.createdAt.toISOString(),
    recipients: Object.values(deliveries).reduce((sum, count) => sum + count, 0),
    deliveries,
  };
}
