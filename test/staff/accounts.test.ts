import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../src/staff/passwords.js";
import { createLoginLimiter } from "../../src/staff/login-limiter.js";
import { startTestApp } from "../helpers/app.js";
import { loginAs, staffPassword } from "../helpers/staff.js";

const adminToken = "test-admin-token-0123456789abcdef";
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({ ADMIN_API_TOKEN: adminToken, STAFF_LOGIN_MAX_FAILURES: "3" });
});
afterAll(async () => app.close());

async function login(username: string, password: string) {
  const response = await fetch(`${app.baseUrl}/api/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe("passwords", () => {
  it("are stored as salted scrypt hashes that verify only the right password", async () => {
    const first = await hashPassword("một mật khẩu dài");
    const second = await hashPassword("một mật khẩu dài");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toEqual(second);
    expect(first).not.toContain("một");
    expect(await verifyPassword("một mật khẩu dài", first)).toBe(true);
    expect(await verifyPassword("một mật khẩu dài!", first)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});

describe("login limiter", () => {
  it("refuses after too many failures for one username, or four times as many from one address, until the window passes", () => {
    let now = 0;
    const limiter = createLoginLimiter({ maxFailures: 2, windowMs: 60_000, now: () => now });
    limiter.failed("1.1.1.1", "lan");
    expect(limiter.retryAfterSeconds("1.1.1.1", "lan")).toBe(0);
    limiter.failed("1.1.1.1", "lan");
    expect(limiter.retryAfterSeconds("2.2.2.2", "lan")).toBe(60);
    expect(limiter.retryAfterSeconds("1.1.1.1", "other")).toBe(0);
    for (const name of ["a", "b", "c", "d", "e", "f"]) limiter.failed("1.1.1.1", name);
    expect(limiter.retryAfterSeconds("1.1.1.1", "other")).toBe(60);
    expect(limiter.retryAfterSeconds("2.2.2.2", "other")).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterSeconds("1.1.1.1", "lan")).toBe(0);
    expect(limiter.retryAfterSeconds("1.1.1.1", "other")).toBe(0);
  });
});

describe("console sessions", () => {
  it("log in with an HttpOnly, SameSite=Strict cookie, show who is logged in, and log out", async () => {
    const staff = await loginAs(app, { username: "lan.admin" });
    const me = await staff.request("GET", "/api/admin/session");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: "lan.admin", role: "admin" });
    expect(me.body.csrfToken).toBe(staff.csrfToken);
    const response = await login("lan.admin", staffPassword);
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^xkld_staff=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(response.body.user.passwordHash).toBeUndefined();

    expect((await staff.request("DELETE", "/api/admin/session")).status).toBe(200);
    expect((await staff.request("GET", "/api/admin/session")).status).toBe(401);
  });

  it("refuses a wrong password and an unknown user alike, then throttles", async () => {
    await app.staff.accounts.create({ username: "binh", displayName: "Bình", password: staffPassword, role: "admin" });
    const wrong = await login("binh", "not-the-password");
    const unknown = await login("nobody-here", "not-the-password");
    expect(wrong).toMatchObject({ status: 401, body: { error: "wrong username or password" } });
    expect(unknown).toMatchObject({ status: 401, body: { error: "wrong username or password" } });
    await login("binh", "still-not-it");
    await login("binh", "and-again-no");
    const throttled = await login("binh", staffPassword);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses changes without the CSRF token, or with another session's", async () => {
    const staff = await loginAs(app, { username: "csrf.check" });
    const other = await loginAs(app, { username: "csrf.other" });
    const body = JSON.stringify({ username: "new.one", displayName: "Mới", password: staffPassword, role: "admin" });
    const headers = { cookie: staff.cookie, "content-type": "application/json" };
    const without = await fetch(`${app.baseUrl}/api/admin/accounts`, { method: "POST", headers, body });
    expect(without.status).toBe(403);
    const foreign = await fetch(`${app.baseUrl}/api/admin/accounts`, { method: "POST", headers: { ...headers, "x-csrf-token": other.csrfToken }, body });
    expect(foreign.status).toBe(403);
    const right = await fetch(`${app.baseUrl}/api/admin/accounts`, { method: "POST", headers: { ...headers, "x-csrf-token": staff.csrfToken }, body });
    expect(right.status).toBe(201);
  });

  it("end when idle too long", async () => {
    const staff = await loginAs(app, { username: "idle.user" });
    await app.database.prisma.staffSession.updateMany({
      where: { account: { username: "idle.user" } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await staff.request("GET", "/api/admin/session")).status).toBe(401);
    expect(await app.database.prisma.staffSession.count({ where: { account: { username: "idle.user" } } })).toBe(0);
  });

  it("are swept once expired, the live ones kept", async () => {
    await loginAs(app, { username: "sweep.old" });
    await loginAs(app, { username: "sweep.live" });
    await app.database.prisma.staffSession.updateMany({ where: { account: { username: "sweep.old" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await app.staff.sessions.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await app.database.prisma.staffSession.count({ where: { account: { username: "sweep.old" } } })).toBe(0);
    expect(await app.database.prisma.staffSession.count({ where: { account: { username: "sweep.live" } } })).toBe(1);
  });

  it("end when the account is deactivated", async () => {
    const admin = await loginAs(app, { username: "chief" });
    const clerk = await loginAs(app, { username: "clerk", role: "province", provinceCode: "hue" });
    const { body } = await admin.request("GET", "/api/admin/accounts");
    const id = body.accounts.find((account: { username: string }) => account.username === "clerk").accountId;
    expect((await admin.request("PATCH", `/api/admin/accounts/${id}`, { active: false })).status).toBe(200);
    expect((await clerk.request("GET", "/api/admin/session")).status).toBe(401);
    expect((await login("clerk", staffPassword)).status).toBe(401);
  });
});

describe("roles and the audit log", () => {
  it("let only admins manage accounts and read the audit log", async () => {
    const clerk = await loginAs(app, { username: "commune.clerk", role: "commune", provinceCode: "can-tho", communeName: "Long Phú" });
    expect((await clerk.request("GET", "/api/admin/accounts")).status).toBe(403);
    expect((await clerk.request("GET", "/api/admin/audit")).status).toBe(403);
    const me = await clerk.request("GET", "/api/admin/session");
    expect(me.body.user).toMatchObject({ role: "commune", provinceCode: "can-tho", communeName: "Long Phú" });
    expect(me.body.user.communeKey).toBeTruthy();
  });

  it("records logins and account changes with their actor, readable by admins and by the API token", async () => {
    const admin = await loginAs(app, { username: "auditor" });
    await admin.request("POST", "/api/admin/accounts", { username: "audited", displayName: "A", password: staffPassword, role: "admin" });
    const response = await fetch(`${app.baseUrl}/api/admin/audit?limit=50`, { headers: { authorization: `Bearer ${adminToken}` } });
    const { events } = (await response.json()) as { events: { actor: string; action: string; targetId: string | null }[] };
    expect(events).toContainEqual(expect.objectContaining({ actor: "staff:auditor", action: "login" }));
    expect(events).toContainEqual(expect.objectContaining({ actor: "staff:auditor", action: "account.create", targetId: "audited" }));
  });

  it("validates new accounts field by field", async () => {
    const admin = await loginAs(app, { username: "validator" });
    const { status, body } = await admin.request("POST", "/api/admin/accounts", { username: "A B", displayName: "", password: "short", role: "commune" });
    expect(status).toBe(400);
    const fields = body.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(["username", "displayName", "password"]));
  });
});

describe("OpenAPI", () => {
  it("describes the admin API from the routes' own schemas", async () => {
    const document = (await (await fetch(`${app.baseUrl}/api/admin/openapi.json`)).json()) as { paths: Record<string, any> };
    expect(document.paths["/api/admin/session"]?.post?.requestBody).toBeDefined();
    expect(document.paths["/api/admin/registrations/monthly-list"]?.get).toBeDefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith("/api/admin/announcements"))).toBe(true);
    expect((await fetch(`${app.baseUrl}/admin/api-docs/`)).status).toBe(200);
  });
});
