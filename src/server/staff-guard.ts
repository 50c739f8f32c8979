import { digest, matchesSecret } from "../shared/index.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { documentedOnly } from "./validation.js";
import type { AuditLog, StaffPrincipal, StaffRole, StaffSessions } from "../staff/index.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the staff guard on every admin route. */
    staff?: StaffPrincipal;
    /** The session's CSRF token, when the caller came with a session cookie. */
    staffCsrfToken?: string;
  }
}

/** What a domain's routes need to sit behind the console's accounts. */
export interface StaffAccess {
  guard: StaffGuard;
  audit: AuditLog;
}

/** The guard over the staff module's sessions, and its audit log, for every admin route. */
export function staffAccessFor(staff: { sessions: StaffSessions; audit: AuditLog }, options: { adminApiToken?: string }): StaffAccess {
  return { guard: createStaffGuard({ sessions: staff.sessions, adminApiToken: options.adminApiToken }), audit: staff.audit };
}

export const SESSION_COOKIE = "xkld_staff";
export const CSRF_HEADER = "x-csrf-token";

/** Scripts holding ADMIN_API_TOKEN act as an administrator without an account. */
const apiTokenPrincipal: StaffPrincipal = {
  accountId: null,
  username: "api-token",
  displayName: "API token",
  role: "admin",
  provinceCode: null,
  communeKey: null,
  communeName: null,
};

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one authentication of the admin API and the console: a session cookie (with a CSRF
 * token on every state-changing request, since browsers send cookies on their own), or the
 * bearer ADMIN_API_TOKEN for scripts (never sent by a browser on its own, so no CSRF check).
 */
export function createStaffGuard(options: { sessions: StaffSessions; adminApiToken?: string }) {
  const expectedToken = options.adminApiToken ? digest(options.adminApiToken) : undefined;

  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    if (bearer !== undefined) {
      // Compare digests: equal length, constant time, whatever the caller sent.
      if (expectedToken && matchesSecret(bearer, expectedToken)) {
        request.staff = apiTokenPrincipal;
        return;
      }
      return unauthorised(reply);
    }
    const token = request.cookies?.[SESSION_COOKIE];
    const session = token ? await options.sessions.resolve(token) : undefined;
    if (!session) return unauthorised(reply);
    if (!safeMethods.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (!matchesSecret(given, digest(session.csrfToken))) {
        return reply.code(403).send({ error: "missing or wrong CSRF token: reload the page and try again" });
      }
    }
    request.staff = session.principal;
    request.staffCsrfToken = session.csrfToken;
  }

  function requireRole(...roles: StaffRole[]) {
    return async function checkRole(request: FastifyRequest, reply: FastifyReply) {
      if (!request.staff || !roles.includes(request.staff.role)) {
        return reply.code(403).send({ error: "your account is not allowed to do this" });
      }
    };
  }

  return { authenticate, requireRole };
}
export type StaffGuard = ReturnType<typeof createStaffGuard>;

/** The principal set by `authenticate`; routes behind the guard can rely on it. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new Error("route is not behind the staff guard");
  return request.staff;
}

function unauthorised(reply: FastifyReply) {
  return reply.code(401).header("www-authenticate", 'Bearer realm="admin"').send({ error: "please log in" });
}

/**
 * Registers admin routes in their own scope: every route behind `authenticate`, and route
 * schemas used for the OpenAPI document only (zod validates inside the handlers).
 */
export function registerStaffRoutes(app: FastifyInstance, guard: StaffGuard, register: (admin: FastifyInstance) => void) {
  app.register(async (admin) => {
    admin.addHook("onRequest", guard.authenticate);
    admin.setValidatorCompiler(documentedOnly);
    register(admin);
  });
}
