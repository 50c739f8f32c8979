import type { PrismaClient } from "./generated/client.js";

export interface RetentionPeriods {
  /** A conversation (flow state, last questions) not touched for this many days goes. */
  conversationDays: number;
  /** Question-log entries older than this go (curators work on recent questions). */
  questionLogDays: number;
  /** Closed handoffs, with their messages, this long after they closed. */
  closedHandoffDays: number;
}

/** Registration changes asked from another account: kept a month for questions about them. */
export const CLAIM_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * The retention SECURITY.md promises, applied to the database: what is older than its period
 * is deleted. Run at start and then daily by every instance (deleting twice is harmless).
 */
export async function purgeExpiredPersonalData(prisma: PrismaClient, periods: RetentionPeriods, now: Date = new Date()) {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const conversations = await prisma.conversation.deleteMany({ where: { updatedAt: { lt: before(periods.conversationDays) } } });
  const questions = await prisma.questionLogEntry.deleteMany({ where: { createdAt: { lt: before(periods.questionLogDays) } } });
  const handoffs = await prisma.handoff.deleteMany({ where: { status: "closed", closedAt: { lt: before(periods.closedHandoffDays) } } });
  const claims = await prisma.registrationClaim.deleteMany({ where: { createdAt: { lt: before(CLAIM_RETENTION_DAYS) } } });
  return { conversations: conversations.count, questions: questions.count, handoffs: handoffs.count, claims: claims.count };
}
