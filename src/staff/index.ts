import type { FastifyInstance } from "fastify";
import type { PrismaClient } from "../db/index.js";
import { createStaffAccounts } from "./accounts.js";
import { createAuditLog } from "./audit-log.js";
import { createDeviceCookies } from "./device-cookies.js";
import { createStaffGuard } from "./guard.js";
import { createLoginLimiter } from "./login-limiter.js";
import { registerStaffAccountRoutes } from "./routes.js";
import { createStaffSessions, type SessionSettings } from "./sessions.js";

export { accountInputFor, createStaffAccounts, UsernameTaken, type AccountCatalogue, type AccountInput, type StaffAccounts } from "./accounts.js";
export { registerStaffRoutes, staffOf, CSRF_HEADER, SESSION_COOKIE, type StaffGuard } from "./guard.js";
import type { StaffGuard } from "./guard.js";
import type { AuditLog } from "./audit-log.js";
export { actorOf, inScope, scopeOf, type LocalityScope, type StaffPrincipal, type StaffRole } from "./principal.js";
export type { AuditLog } from "./audit-log.js";

export interface StaffSettings extends SessionSettings {
  loginMaxFailures: number;
  loginWindowMinutes: number;
}

/** Staff accounts, sessions, the guard every admin route sits behind, and the audit log. */
export function createStaff(deps: {
  prisma: PrismaClient;
  communeKey(name: string): string;
  provinceCodes: readonly string[];
  adminApiToken?: string;
  settings: StaffSettings;
}) {
  const accounts = createStaffAccounts({ prisma: deps.prisma, communeKey: deps.communeKey });
  const sessions = createStaffSessions({ prisma: deps.prisma, settings: deps.settings });
  const guard = createStaffGuard({ sessions, adminApiToken: deps.adminApiToken });
  const audit = createAuditLog(deps.prisma);
  const limiter = createLoginLimiter({ maxFailures: deps.settings.loginMaxFailures, windowMs: deps.settings.loginWindowMinutes * 60_000 });
  const deviceCookies = createDeviceCookies({ prisma: deps.prisma });
  return {
    accounts,
    sessions,
    guard,
    audit,
    registerRoutes: (app: FastifyInstance) =>
      registerStaffAccountRoutes(app, {
        accounts,
        sessions,
        guard,
        audit,
        limiter,
        deviceCookies,
        catalogue: { provinceCodes: deps.provinceCodes, communeKey: deps.communeKey },
        sessionSettings: deps.settings,
      }),
  };
}
export type Staff = ReturnType<typeof createStaff>;

/** What a module needs to put its admin routes behind the console's accounts. */
export interface StaffAccess {
  guard: StaffGuard;
  audit: AuditLog;
}
