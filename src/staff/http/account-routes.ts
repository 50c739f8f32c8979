import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { describeRoute, documentedOnly, parseRequest, registerStaffRoutes, SESSION_COOKIE, staffOf, type StaffGuard } from "../../server/index.js";
import { accountInputFor, passwordInput, type AccountCatalogue, type StaffAccounts } from "../index.js";
import type { AuditLog } from "../index.js";
import { DEVICE_COOKIE, type DeviceCookies } from "../index.js";
import type { LoginLimiter } from "../index.js";
import type { SessionSettings, StaffSessions } from "../index.js";

const loginBody = z.strictObject({
  username: z.string().trim().min(1, "must not be empty").max(100),
  password: z.string().min(1, "must not be empty").max(200),
});
const accountChange = z.strictObject({
  active: z.boolean().optional(),
  password: passwordInput.optional(),
});
const idParams = z.object({ id: z.uuid({ error: "must be an account id" }) });
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeId: z.coerce.number().int().positive().optional(),
  action: z.string().max(60).optional(),
  actor: z.string().max(120).optional(),
});

export interface StaffRouteOptions {
  accounts: StaffAccounts;
  sessions: StaffSessions;
  guard: StaffGuard;
  audit: AuditLog;
  limiter: LoginLimiter;
  deviceCookies: DeviceCookies;
  catalogue: AccountCatalogue;
  sessionSettings: SessionSettings;
}

/** The audit actor of a login attempt: never the typed name unless it is an account's (it may be a password). */
const UNKNOWN_ACCOUNT = "unknown-account";

/** Login, logout, "who am I", staff accounts and the audit log. */
export function registerStaffAccountRoutes(app: FastifyInstance, options: StaffRouteOptions) {
  const { accounts, sessions, guard, audit, limiter } = options;
  const accountInput = accountInputFor(options.catalogue);
  const tags = ["Staff accounts"];

  // In a plugin scope, like every admin route, so the OpenAPI document sees it.
  app.register(async (scope) =>
    scope.post(
      "/api/admin/session",
      { schema: describeRoute({ summary: "Log in to the console", tags, body: loginBody }), validatorCompiler: documentedOnly },
      async (request, reply) => {
        const body = parseRequest(loginBody, request.body, reply);
        if (!body) return reply;
        const trustedDevice = await options.deviceCookies.verify(request.cookies[DEVICE_COOKIE], body.username);
        const decision = limiter.begin({ ip: request.ip, username: body.username, trustedDevice });
        if (!decision.allowed) {
          if (decision.firstRefusalInAWhile) {
            const actor = (await accounts.exists(body.username)) ? `staff:${body.username.trim().toLowerCase()}` : UNKNOWN_ACCOUNT;
            await audit.recordAs(
              actor,
              { action: "login.refused", detail: { reason: decision.reason, retryAfterSeconds: decision.retryAfterSeconds } },
              request.ip,
            );
          }
          const wait = decision.retryAfterSeconds;
          return reply
            .code(429)
            .header("retry-after", String(wait))
            .send({ error: `too many failed logins: try again in ${wait} seconds` });
        }
        let check;
        try {
          // A browser that logged in to this account before goes ahead of a flood of strangers.
          check = await accounts.verify(body.username, body.password, { priority: trustedDevice !== undefined });
        } catch (error) {
          // Unchecked, not failed: a busy check says nothing of the password (the error handler answers 503).
          limiter.finish(decision.ticket, "unchecked");
          throw error;
        }
        if (!check.principal) {
          limiter.finish(decision.ticket, "failed");
          const actor = check.accountExists ? `staff:${body.username.trim().toLowerCase()}` : UNKNOWN_ACCOUNT;
          await audit.recordAs(actor, { action: "login.failed", detail: { trustedDevice: trustedDevice !== undefined } }, request.ip);
          return reply.code(401).send({ error: "wrong username or password" });
        }
        limiter.finish(decision.ticket, "succeeded");
        const principal = check.principal;
        const session = await sessions.create(principal.accountId!);
        await audit.record(principal, { action: "login" }, request.ip);
        setSessionCookie(request, reply, session.token, options.sessionSettings.absoluteHours * 3600);
        setCookie(
          request,
          reply,
          DEVICE_COOKIE,
          await options.deviceCookies.issue(principal.username),
          options.deviceCookies.maxAgeSeconds,
          "/api/admin/session",
        );
        return { user: principal, csrfToken: session.csrfToken };
      },
    ),
  );

  registerStaffRoutes(app, guard, (admin) => {
    admin.get("/api/admin/session", { schema: describeRoute({ summary: "The logged-in account and its CSRF token", tags }) }, async (request) => ({
      user: staffOf(request),
      csrfToken: request.staffCsrfToken ?? null,
    }));

    admin.delete("/api/admin/session", { schema: describeRoute({ summary: "Log out", tags }) }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await sessions.destroy(token);
      await audit.record(staffOf(request), { action: "logout" }, request.ip);
      setSessionCookie(request, reply, "", 0);
      return { ok: true };
    });

    admin.get("/api/admin/accounts", { preHandler: guard.requireRole("admin"), schema: describeRoute({ summary: "Staff accounts", tags }) }, async () => ({
      accounts: await accounts.list(),
    }));

    admin.post(
      "/api/admin/accounts",
      { preHandler: guard.requireRole("admin"), schema: describeRoute({ summary: "Create a staff account", tags, body: accountInput }) },
      async (request, reply) => {
        const body = parseRequest(accountInput, request.body, reply);
        if (!body) return reply;
        const created = await accounts.create(body);
        await audit.record(
          staffOf(request),
          { action: "account.create", targetType: "account", targetId: created.username, detail: { role: created.role } },
          request.ip,
        );
        return reply.code(201).send({ account: created });
      },
    );

    admin.patch(
      "/api/admin/accounts/:id",
      {
        preHandler: guard.requireRole("admin"),
        schema: describeRoute({ summary: "Deactivate, reactivate or reset the password of an account", tags, params: idParams, body: accountChange }),
      },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "id");
        const body = params && parseRequest(accountChange, request.body, reply);
        if (!params || !body) return reply;
        let found = true;
        if (body.active !== undefined) found = await accounts.setActive(params.id, body.active);
        if (found && body.password !== undefined) found = await accounts.setPassword(params.id, body.password);
        if (!found) return reply.code(404).send({ error: "no such account" });
        const changed = [...(body.active !== undefined ? [`active=${body.active}`] : []), ...(body.password !== undefined ? ["password"] : [])];
        await audit.record(staffOf(request), { action: "account.change", targetType: "account", targetId: params.id, detail: { changed } }, request.ip);
        return { ok: true };
      },
    );

    admin.get(
      "/api/admin/audit",
      { preHandler: guard.requireRole("admin"), schema: describeRoute({ summary: "The audit log, newest first", tags, querystring: auditQuery }) },
      async (request, reply) => {
        const query = parseRequest(auditQuery, request.query, reply, "query");
        if (!query) return reply;
        return { events: await audit.list(query) };
      },
    );
  });
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number) {
  setCookie(request, reply, SESSION_COOKIE, token, maxAgeSeconds, "/");
}

function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds: number, path: string) {
  void reply.setCookie(name, value, {
    path,
    httpOnly: true,
    sameSite: "strict",
    // Plain http on an office intranet would otherwise lose the cookie; behind TLS it is Secure.
    secure: request.protocol === "https",
    maxAge: maxAgeSeconds,
  });
}
