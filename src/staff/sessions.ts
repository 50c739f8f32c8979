import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/index.js";
import { principalOf } from "./accounts.js";
import type { StaffPrincipal } from "./principal.js";

export interface SessionSettings {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after login, used or not. */
  absoluteHours: number;
}

export interface ResolvedSession {
  principal: StaffPrincipal;
  csrfToken: string;
}

// Pushing the idle expiry forward on every request would write on every click.
const TOUCH_AFTER_MS = 60_000;

/**
 * Console sessions in the database, so they survive restarts and work across instances.
 * The cookie carries 32 random bytes; the table only their SHA-256.
 */
export function createStaffSessions(options: { prisma: PrismaClient; settings: SessionSettings; now?: () => Date }) {
  const { prisma, settings } = options;
  const now = options.now ?? (() => new Date());
  const idleMs = settings.idleMinutes * 60_000;

  return {
    async create(accountId: string): Promise<{ token: string; csrfToken: string }> {
      const token = randomBytes(32).toString("base64url");
      const csrfToken = randomBytes(24).toString("base64url");
      const at = now();
      await prisma.staffSession.create({
        data: { tokenHash: digest(token), accountId, csrfToken, createdAt: at, lastSeenAt: at, expiresAt: new Date(at.getTime() + idleMs) },
      });
      return { token, csrfToken };
    },

    async resolve(token: string): Promise<ResolvedSession | undefined> {
      const tokenHash = digest(token);
      const row = await prisma.staffSession.findUnique({ where: { tokenHash }, include: { account: true } });
      if (!row) return undefined;
      const at = now();
      const absoluteEnd = row.createdAt.getTime() + settings.absoluteHours * 3600_000;
      if (row.expiresAt <= at || absoluteEnd <= at.getTime() || !row.account.active) {
        await prisma.staffSession.deleteMany({ where: { tokenHash } });
        return undefined;
      }
      if (at.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
        await prisma.staffSession.updateMany({ where: { tokenHash }, data: { lastSeenAt: at, expiresAt: new Date(at.getTime() + idleMs) } });
      }
      return { principal: principalOf(row.account), csrfToken: row.csrfToken };
    },

    async destroy(token: string): Promise<void> {
      await prisma.staffSession.deleteMany({ where: { tokenHash: digest(token) } });
    },

    async purgeExpired(): Promise<number> {
      const result = await prisma.staffSession.deleteMany({ where: { expiresAt: { lt: now() } } });
      return result.count;
    },
  };
}
export type StaffSessions = ReturnType<typeof createStaffSessions>;

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
