import { createHash, randomInt } from "node:crypto";
import type { PrismaClient } from "../db/index.js";
import type { AuditLog } from "./audit-log.js";

/** Letters and digits nobody confuses when copying from a screen to a phone (no 0/O, 1/I/L). */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
/** Long enough to walk from the desk to a phone, short enough that a shown code soon means nothing. */
export const LINK_CODE_MINUTES = 15;

/** A chat that gets a staff member's reminders. */
export interface StaffChatLink {
  id: string;
  channel: string;
  linkedAt: Date;
}

/** A chat that should get a reminder: the link, and the account it belongs to. */
export interface LinkedChat {
  linkId: string;
  channel: string;
  channelUserId: string;
  accountId: string;
  role: "admin" | "province" | "commune";
  provinceCode: string | null;
}

export type RedeemOutcome = { linked: true; displayName: string } | { linked: false; reason: "unknown-code" };

/**
 * Staff link their own Telegram or Zalo chat to their console account to get reminders: the
 * console shows a short-lived code, the chat sends it to the bot. Codes have 31^8 ≈ 8.5·10^11
 * values and live 15 minutes, so guessing one (behind the bot's flood limit) is hopeless;
 * only their SHA-256 is stored. A link gives the chat no rights at all: it only receives.
 */
export function createStaffChatLinks(deps: { prisma: PrismaClient; audit: AuditLog; now?: () => Date }) {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    /** A new code for the account; the account's earlier unused codes stop working. */
    async issueCode(accountId: string): Promise<{ code: string; expiresAt: Date }> {
      const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
      const expiresAt = new Date(now().getTime() + LINK_CODE_MINUTES * 60_000);
      await prisma.$transaction([
        prisma.staffLinkCode.deleteMany({ where: { OR: [{ accountId }, { expiresAt: { lte: now() } }] } }),
        prisma.staffLinkCode.create({ data: { codeHash: digest(code), accountId, expiresAt } }),
      ]);
      return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
    },

    /**
     * Links the chat to the code's account and spends the code. A chat linked to another
     * account before moves to this one (the same phone, a new officer).
     */
    async redeem(typed: string, chat: { channel: string; userId: string }): Promise<RedeemOutcome> {
      const code = normaliseCode(typed);
      if (!code) return { linked: false, reason: "unknown-code" };
      const spent = await prisma.staffLinkCode.findUnique({ where: { codeHash: digest(code) }, include: { account: true } });
      // Deleting first makes the code single-use even when two chats send it at once.
      const deleted = spent ? await prisma.staffLinkCode.deleteMany({ where: { codeHash: spent.codeHash } }) : { count: 0 };
      if (!spent || deleted.count === 0 || spent.expiresAt <= now() || !spent.account.active) return { linked: false, reason: "unknown-code" };
      await prisma.staffChatLink.upsert({
        where: { channel_channelUserId: { channel: chat.channel, channelUserId: chat.userId } },
        create: { accountId: spent.accountId, channel: chat.channel, channelUserId: chat.userId },
        update: { accountId: spent.accountId, linkedAt: now() },
      });
      await deps.audit.recordAs(`staff:${spent.account.username}`, { action: "chat-link.add", detail: { channel: chat.channel } });
      return { linked: true, displayName: spent.account.displayName };
    },

    /** The account's linked chats, without their platform ids (the console has no use for them). */
    async linksOf(accountId: string): Promise<StaffChatLink[]> {
      return prisma.staffChatLink.findMany({ where: { accountId }, select: { id: true, channel: true, linkedAt: true }, orderBy: { linkedAt: "asc" } });
    },

    /** Removes one of the account's links; false when the account has no such link. */
    async unlink(accountId: string, linkId: string): Promise<boolean> {
      const { count } = await prisma.staffChatLink.deleteMany({ where: { id: linkId, accountId } });
      return count > 0;
    },

    /** Every linked chat of an active account, for the reminder job to pick from. */
    async linkedChats(): Promise<LinkedChat[]> {
      const rows = await prisma.staffChatLink.findMany({ where: { account: { active: true } }, include: { account: true } });
      return rows.map((row) => ({
        linkId: row.id,
        channel: row.channel,
        channelUserId: row.channelUserId,
        accountId: row.accountId,
        role: row.account.role,
        provinceCode: row.account.provinceCode,
      }));
    },
  };
}
export type StaffChatLinks = ReturnType<typeof createStaffChatLinks>;

/**
 * Which reminder went to which linked chat. A claim is a row with a unique key, taken before
 * the send: one instance wins, the others skip. A send that failed releases its claim; a crash
 * between claim and settle leaves the claim, so that chat misses that reminder rather than
 * getting it twice.
 */
export function createReminderLedger(prisma: PrismaClient) {
  return {
    async claim(reminderKey: string, linkId: string): Promise<boolean> {
      const { count } = await prisma.staffReminderDelivery.createMany({ data: [{ reminderKey, linkId, status: "claimed" }], skipDuplicates: true });
      return count === 1;
    },
    async settle(reminderKey: string, linkId: string, sent: boolean): Promise<void> {
      const where = { reminderKey_linkId: { reminderKey, linkId } };
      if (sent) await prisma.staffReminderDelivery.update({ where, data: { status: "sent", updatedAt: new Date() } });
      else await prisma.staffReminderDelivery.deleteMany({ where: { reminderKey, linkId } });
    },
  };
}

/** "abcd efgh", "ABCD-EFGH" → "ABCDEFGH"; anything that cannot be a code → undefined. */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, "");
  return code.length === CODE_LENGTH && [...code].every((letter) => ALPHABET.includes(letter)) ? code : undefined;
}

function digest(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}
