import type { PrismaClient } from "../db/index.js";
import { createStaffAccounts } from "./accounts.js";
import { createAuditLog } from "./audit-log.js";
import { createReminderLedger, createStaffChatLinks } from "./chat-links.js";
import { createDeviceCookies } from "./device-cookies.js";
import { createLoginLimiter } from "./login-limiter.js";
import { createStaffSessions, type SessionSettings } from "./sessions.js";

export {
  accountInputFor,
  createStaffAccounts,
  passwordInput,
  UsernameTaken,
  type AccountCatalogue,
  type AccountInput,
  type StaffAccounts,
} from "./accounts.js";
export { actorOf, inScope, scopeOf, type LocalityScope, type StaffPrincipal, type StaffRole } from "./principal.js";
export type { AuditLog } from "./audit-log.js";
export { LINK_CODE_MINUTES, normaliseCode, type LinkedChat, type RedeemOutcome, type StaffChatLink, type StaffChatLinks } from "./chat-links.js";
export { DEVICE_COOKIE, type DeviceCookies } from "./device-cookies.js";
export type { LoginLimiter } from "./login-limiter.js";
export { PasswordCheckBusy } from "./passwords.js";
export type { SessionSettings, StaffSessions } from "./sessions.js";

export interface StaffSettings extends SessionSettings {
  loginMaxFailures: number;
  loginWindowMinutes: number;
}

/** Staff accounts, sessions, login throttling, the audit log and the chats linked for reminders; the guard and routes are in server/ and http/. */
export function createStaff(deps: { prisma: PrismaClient; communeKey(name: string): string; provinceCodes: readonly string[]; settings: StaffSettings }) {
  const audit = createAuditLog(deps.prisma);
  return {
    accounts: createStaffAccounts({ prisma: deps.prisma, communeKey: deps.communeKey }),
    sessions: createStaffSessions({ prisma: deps.prisma, settings: deps.settings }),
    audit,
    limiter: createLoginLimiter({ maxFailures: deps.settings.loginMaxFailures, windowMs: deps.settings.loginWindowMinutes * 60_000 }),
    deviceCookies: createDeviceCookies({ prisma: deps.prisma }),
    chatLinks: createStaffChatLinks({ prisma: deps.prisma, audit }),
    reminderLedger: createReminderLedger(deps.prisma),
    catalogue: { provinceCodes: deps.provinceCodes, communeKey: deps.communeKey },
    sessionSettings: deps.settings as SessionSettings,
  };
}
export type Staff = ReturnType<typeof createStaff>;
