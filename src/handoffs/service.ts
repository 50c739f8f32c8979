import { Prisma, type PrismaClient } from "../db/index.js";
import { maskPersonalData } from "../shared/index.js";

/** A person on one channel: who a handoff is with and where replies go. */
export interface Person {
  channel: string;
  userId: string;
}

export type HandoffAuthor = "citizen" | "bot" | "staff";

/** An earlier message copied into a handoff so staff see the conversation so far. */
export interface ContextMessage {
  author: "citizen" | "bot";
  text: string;
  at: Date;
}

/**
 * Staff may see handoffs of one province (and those whose province is unknown), or all;
 * commune staff only those of their commune among their province's (and those whose commune
 * is unknown).
 */
export interface InboxScope {
  provinceCode?: string;
  communeKey?: string;
}

/** Where a person lives, as their registration says. */
export interface PersonLocality {
  provinceCode: string;
  communeKey: string | null;
}

export const MAX_MESSAGE_TEXT = 4000;
const PREVIEW_LENGTH = 140;
/** Who closed a handoff when the person ended it themselves. */
export const CLOSED_BY_PERSON = "citizen";

/**
 * Handoffs ("gặp cán bộ"): opening and continuing them for the bot, reading, replying to and
 * closing them for staff. Everything a person writes is masked before it is stored.
 */
export function createHandoffService(deps: {
  prisma: PrismaClient;
  /** The locality of the person's registration, when they have one. */
  registeredLocalityOf?: (person: Person) => Promise<PersonLocality | undefined>;
}) {
  const { prisma } = deps;

  async function findOpen(person: Person) {
    return prisma.handoff.findFirst({
      where: { channel: person.channel, channelUserId: person.userId, status: "open" },
      orderBy: { openedAt: "desc" },
    });
  }

  return {
    findOpen,

    /**
     * Opens a handoff with the conversation so far, or returns the one already open. Its
     * locality, which decides which staff see it, is the registration's when the person has
     * one, else the province the conversation knows (`provinceCode`).
     */
    async open(person: Person, options: { provinceCode: string | null; context: ContextMessage[] }) {
      const existing = await findOpen(person);
      if (existing) return { handoff: existing, reused: true };
      const registered = await deps.registeredLocalityOf?.(person);
      const handoff = await prisma.handoff.create({
        data: {
          channel: person.channel,
          channelUserId: person.userId,
          provinceCode: registered?.provinceCode ?? options.provinceCode,
          communeKey: registered?.communeKey ?? null,
          messages: {
            create: options.context.map((message) => ({
              author: message.author,
              text: storedText(message.text),
              // When it was said, so that it sorts before the opening and never counts as unread.
              createdAt: message.at,
            })),
          },
        },
      });
      return { handoff, reused: false };
    },

    async isOpen(handoffId: string): Promise<boolean> {
      return (await prisma.handoff.count({ where: { id: handoffId, status: "open" } })) > 0;
    },

    /**
     * A note from the system (a registration change waiting for staff): written as the bot's,
     * and the handoff moves to the locality it concerns so that the right officers see it.
     */
    async addBotNote(handoffId: string, text: string, locality: PersonLocality): Promise<void> {
      await prisma.$transaction([
        prisma.handoffMessage.create({ data: { handoffId, author: "bot", text: storedText(text) } }),
        prisma.handoff.update({ where: { id: handoffId }, data: { provinceCode: locality.provinceCode, communeKey: locality.communeKey } }),
      ]);
    },

    /** /xoadulieu: every handoff of the person goes, with its messages. */
    async eraseFor(person: Person): Promise<number> {
      const { count } = await prisma.handoff.deleteMany({ where: { channel: person.channel, channelUserId: person.userId } });
      return count;
    },

    async addPersonMessage(handoffId: string, text: string): Promise<void> {
      await prisma.handoffMessage.create({ data: { handoffId, author: "citizen", text: storedText(text) } });
    },

    /** The person ended it (/huy, /cancel). Returns false when it was already closed. */
    async closeByPerson(handoffId: string): Promise<boolean> {
      const { count } = await prisma.handoff.updateMany({
        where: { id: handoffId, status: "open" },
        data: { status: "closed", closedAt: new Date(), closedBy: CLOSED_BY_PERSON },
      });
      return count > 0;
    },

    /** Open first, newest first, with the last message and how many person messages wait for staff. */
    async list(query: { status?: "open" | "closed"; limit: number; scope: InboxScope }) {
      const handoffs = await prisma.handoff.findMany({
        where: { ...(query.status ? { status: query.status } : {}), ...scopeFilter(query.scope) },
        orderBy: [{ status: "asc" }, { openedAt: "desc" }],
        take: query.limit,
        include: { messages: { orderBy: { id: "desc" }, take: 1 } },
      });
      const unread = await unreadCounts(handoffs.map((handoff) => handoff.id));
      return handoffs.map(({ messages, ...handoff }) => ({
        ...summaryOf(handoff),
        lastMessage: messages[0]
          ? { author: messages[0].author as HandoffAuthor, text: messages[0].text.slice(0, PREVIEW_LENGTH), at: messages[0].createdAt }
          : null,
        unread: unread.get(handoff.id) ?? 0,
      }));
    },

    /** The handoff row itself, when it exists and is inside `scope`. */
    async find(handoffId: string, scope: InboxScope) {
      return (await prisma.handoff.findFirst({ where: { id: handoffId, ...scopeFilter(scope) } })) ?? undefined;
    },

    /** One handoff with all its messages; undefined when it does not exist or is outside `scope`. */
    async detail(handoffId: string, scope: InboxScope) {
      const handoff = await prisma.handoff.findFirst({
        where: { id: handoffId, ...scopeFilter(scope) },
        include: { messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
      });
      if (!handoff) return undefined;
      const { messages, ...rest } = handoff;
      return { ...summaryOf(rest), messages: messages.map(messageOf) };
    },

    async addStaffMessage(handoffId: string, staffName: string, text: string) {
      return prisma.handoffMessage.create({ data: { handoffId, author: "staff", staffName, text } });
    },

    async recordDelivery(messageId: number, result: { deliveredAt?: Date; deliveryError?: string }) {
      const message = await prisma.handoffMessage.update({
        where: { id: messageId },
        data: { deliveredAt: result.deliveredAt ?? null, deliveryError: result.deliveryError ?? null },
      });
      return messageOf(message);
    },

    /** Closes from the console. Returns false when it was already closed. */
    async closeByStaff(handoffId: string, closedBy: string): Promise<boolean> {
      const { count } = await prisma.handoff.updateMany({
        where: { id: handoffId, status: "open" },
        data: { status: "closed", closedAt: new Date(), closedBy },
      });
      return count > 0;
    },

    /**
     * Staff messages to a person after message `afterId`, for a channel without push (the web
     * chat polls). Handing them over is their delivery.
     */
    async staffMessagesFor(person: Person, afterId: number) {
      const messages = await prisma.handoffMessage.findMany({
        where: { id: { gt: afterId }, author: "staff", handoff: { channel: person.channel, channelUserId: person.userId } },
        orderBy: { id: "asc" },
        take: 50,
      });
      const undelivered = messages.filter((message) => message.deliveredAt === null).map((message) => message.id);
      if (undelivered.length) await prisma.handoffMessage.updateMany({ where: { id: { in: undelivered } }, data: { deliveredAt: new Date() } });
      return { messages, open: (await findOpen(person)) !== null };
    },

    async localeOf(person: Person): Promise<string | undefined> {
      const conversation = await prisma.conversation.findUnique({
        where: { channel_userId: { channel: person.channel, userId: person.userId } },
        select: { locale: true },
      });
      return conversation?.locale;
    },
  };

  /**
   * The person's messages since the last staff message, counted for a page of handoffs at
   * once. Context copied at opening is older than the handoff and never counts.
   */
  async function unreadCounts(handoffIds: string[]): Promise<Map<string, number>> {
    if (handoffIds.length === 0) return new Map();
    const rows = await prisma.$queryRaw<{ handoff_id: string; unread: bigint | number }[]>`
      SELECT m.handoff_id, count(*) AS unread
      FROM handoff_messages m JOIN handoffs h ON h.id = m.handoff_id
      WHERE m.handoff_id IN (${Prisma.join(handoffIds)})
        AND m.author = 'citizen'
        AND m.created_at >= h.opened_at
        AND m.id > COALESCE((SELECT max(s.id) FROM handoff_messages s WHERE s.handoff_id = m.handoff_id AND s.author = 'staff'), 0)
      GROUP BY m.handoff_id`;
    return new Map(rows.map((row) => [row.handoff_id, Number(row.unread)]));
  }
}
export type HandoffService = ReturnType<typeof createHandoffService>;

function scopeFilter(scope: InboxScope): Prisma.HandoffWhereInput {
  if (scope.provinceCode === undefined) return {};
  const inProvince: Prisma.HandoffWhereInput =
    scope.communeKey === undefined
      ? { provinceCode: scope.provinceCode }
      : { provinceCode: scope.provinceCode, OR: [{ communeKey: scope.communeKey }, { communeKey: null }] };
  return { OR: [inProvince, { provinceCode: null }] };
}

function storedText(text: string): string {
  return maskPersonalData(text).slice(0, MAX_MESSAGE_TEXT);
}

function summaryOf(handoff: {
  id: string;
  channel: string;
  provinceCode: string | null;
  status: "open" | "closed";
  openedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}) {
  // The channel's user id stays out of the console: staff answer through the handoff, not around it.
  return {
    id: handoff.id,
    channel: handoff.channel,
    provinceCode: handoff.provinceCode,
    status: handoff.status,
    openedAt: handoff.openedAt,
    closedAt: handoff.closedAt,
    closedBy: handoff.closedBy,
  };
}

function messageOf(message: {
  id: number;
  author: string;
  staffName: string | null;
  text: string;
  createdAt: Date;
  deliveredAt: Date | null;
  deliveryError: string | null;
}) {
  return {
    id: message.id,
    author: message.author as HandoffAuthor,
    staffName: message.staffName,
    text: message.text,
    at: message.createdAt,
    deliveredAt: message.deliveredAt,
    deliveryError: message.deliveryError,
  };
}
