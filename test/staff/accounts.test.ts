import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPasswordHasher, hashPassword, PasswordCheckBusy, verifyPassword } from "../../src/staff/passwords.js";
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

describe("password hashing", () => {
  it("runs a bounded number of hashes at once and refuses beyond a bounded queue", async () => {
    const hasher = createPasswordHasher({ concurrency: 2, maxWaiting: 5 });
    const stored = await hashPassword("một mật khẩu dài");
    let most = 0;
    const sample = setInterval(() => (most = Math.max(most, hasher.load().running)), 1);
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => hasher.verify("một mật khẩu dài", stored)));
    clearInterval(sample);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled" && outcome.value === true)).toHaveLength(7);
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(refused).toHaveLength(5);
    expect(refused.every((outcome) => outcome.reason instanceof PasswordCheckBusy)).toBe(true);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    expect(hasher.load()).toEqual({ running: 0, waiting: 0 });
  });
});

describe("password hashing with priority", () => {
  it("runs a priority check before those already waiting, and never turns it away", async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxWaiting: 2 });
    const stored = await hashPassword("một mật khẩu dài");
    const finished: string[] = [];
    const check = (name: string, priority = false) =>
      hasher.verify("một mật khẩu dài", stored, priority).then(
        () => finished.push(name),
        (error: unknown) => finished.push(`${name}:${(error as Error).name}`),
      );
    await Promise.all([check("first"), check("second"), check("third"), check("refused"), check("owner", true)]);
    expect(finished).toEqual(["refused:PasswordCheckBusy", "first", "owner", "second", "third"]);
  });
});

describe("login limiter", () => {
  const limiterAt = (clock: { now: number }) => createLoginLimiter({ maxFailures: 2, windowMs: 60_000, maxDelayMs: 16_000, now: () => clock.now });
  const fail = (limiter: ReturnType<typeof createLoginLimiter>, attempt: { ip: string; username: string; trustedDevice?: string }) => {
    const decision = limiter.begin(attempt);
    if (decision.allowed) limiter.finish(decision.ticket, "failed");
    return decision;
  };

  it("refuses an address after four times the limit of failures, whatever names it tries, until they age out", () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    for (const name of ["a", "b", "c", "d", "e", "f", "g", "h"]) expect(fail(limiter, { ip: "1.1.1.1", username: name }).allowed).toBe(true);
    expect(limiter.begin({ ip: "1.1.1.1", username: "other" })).toMatchObject({ allowed: false, reason: "address", retryAfterSeconds: 60 });
    expect(limiter.begin({ ip: "2.2.2.2", username: "other" }).allowed).toBe(true);
    clock.now = 60_001;
    expect(limiter.begin({ ip: "1.1.1.1", username: "other" }).allowed).toBe(true);
  });

  it("spaces an account's attempts after the free ones, doubling the pause up to the maximum, from any address", () => {
    const clock = { now: 0 };
    const limiter = createLoginLimiter({ maxFailures: 2, windowMs: 15 * 60_000, maxDelayMs: 16_000, now: () => clock.now });
    const gaps: number[] = [];
    let last = 0;
    let checks = 0;
    // An attacker with a new address for every guess, retrying as soon as allowed, for 10 minutes.
    for (let address = 0; clock.now < 600_000; address++) {
      const decision = fail(limiter, { ip: `10.0.${address >> 8}.${address & 255}`, username: "Lan" });
      if (decision.allowed) {
        checks++;
        gaps.push(clock.now - last);
        last = clock.now;
      } else {
        expect(decision.reason).toBe("account");
        clock.now += decision.retryAfterSeconds * 1000;
      }
    }
    expect(gaps.slice(1)).toEqual([0, 2000, 4000, 8000, ...Array<number>(gaps.length - 5).fill(16_000)]);
    // Two free guesses, three while the pause grows, then one per 16 s.
    expect(checks).toBeLessThanOrEqual(2 + 3 + Math.ceil(600_000 / 16_000));
  });

  it("reserves attempts before they are checked: parallel attempts cannot all pass", () => {
    const limiter = limiterAt({ now: 0 });
    const decisions = Array.from({ length: 50 }, (_, index) => limiter.begin({ ip: `10.0.0.${index}`, username: "lan" }));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(2);
  });

  it("lets a trusted browser through while the account is slowed, within its own limit", () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    for (let index = 0; index < 5; index++) fail(limiter, { ip: `10.0.0.${index}`, username: "lan" });
    expect(limiter.begin({ ip: "9.9.9.9", username: "lan" }).allowed).toBe(false);
    expect(fail(limiter, { ip: "9.9.9.9", username: "lan", trustedDevice: "d1" }).allowed).toBe(true);
    expect(fail(limiter, { ip: "9.9.9.9", username: "lan", trustedDevice: "d1" }).allowed).toBe(true);
    // Two failures from the trusted browser: it is treated like any other browser again.
    expect(limiter.begin({ ip: "9.9.9.9", username: "lan", trustedDevice: "d1" })).toMatchObject({ allowed: false, reason: "account" });
  });

  it("does not count attempts whose password was never checked", () => {
    const limiter = limiterAt({ now: 0 });
    for (let index = 0; index < 10; index++) {
      const decision = limiter.begin({ ip: "1.1.1.1", username: "lan" });
      expect(decision.allowed).toBe(true);
      if (decision.allowed) limiter.finish(decision.ticket, "unchecked");
    }
  });

  it("reports the first refusal of a key once a minute, for the audit log", () => {
    const clock = { now: 0 };
    const limiter = limiterAt(clock);
    fail(limiter, { ip: "1.1.1.1", username: "lan" });
    fail(limiter, { ip: "1.1.1.2", username: "lan" });
    const refusals = () => limiter.begin({ ip: "1.1.1.3", username: "lan" });
    expect(refusals()).toMatchObject({ allowed: false, firstRefusalInAWhile: true });
    expect(refusals()).toMatchObject({ allowed: false, firstRefusalInAWhile: false });
  });

  it("forgets keys once their failures age out, and keeps at most maxKeys", () => {
    const clock = { now: 0 };
    const limiter = createLoginLimiter({ maxFailures: 2, windowMs: 60_000, maxKeys: 500, now: () => clock.now });
    for (let index = 0; index < 2000; index++) fail(limiter, { ip: `10.0.${index >> 8}.${index & 255}`, username: `user${index}` });
    expect(limiter.trackedKeys()).toBeLessThanOrEqual(502);
    clock.now = 10 * 60_000;
    limiter.begin({ ip: "1.1.1.1", username: "someone" });
    expect(limiter.trackedKeys()).toBeLessThanOrEqual(2);
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

  it("refuses a commune name without letters, a province code outside the catalogue and an easily guessed password", async () => {
    const admin = await loginAs(app, { username: "validator2" });
    const account = {
      username: "xa.moi",
      displayName: "Xã mới",
      password: "ba con meo tren mai nha",
      role: "commune",
      provinceCode: "hue",
      communeName: "Phường Hương Trà",
    };
    const fieldsOf = async (changes: Record<string, unknown>) => {
      const { status, body } = await admin.request("POST", "/api/admin/accounts", { ...account, ...changes });
      expect(status).toBe(400);
      return body.fields.map((field: { field: string }) => field.field);
    };
    expect(await fieldsOf({ communeName: "!!!" })).toEqual(["communeName"]);
    expect(await fieldsOf({ communeName: " - . " })).toEqual(["communeName"]);
    expect(await fieldsOf({ provinceCode: "Atlantis" })).toEqual(["provinceCode"]);
    for (const password of [
      "1234567890",
      "0987654321",
      "qwertyuiop",
      "abcdefghijk",
      "password123",
      "matkhau123456",
      "aaaaaaaaaaaa",
      "abababababab",
      "xa.moi12345",
    ]) {
      expect(await fieldsOf({ password }), password).toEqual(["password"]);
    }
    expect((await admin.request("POST", "/api/admin/accounts", account)).status).toBe(201);
    const { body } = await admin.request("GET", "/api/admin/accounts");
    const id = body.accounts.find((item: { username: string }) => item.username === "xa.moi").accountId;
    expect((await admin.request("PATCH", `/api/admin/accounts/${id}`, { password: "1234567890" })).status).toBe(400);
  });
});

describe("OpenAPI", () => {
  it("describes the admin API from the routes' own schemas", async () => {
    const authorised = { headers: { authorization: `Bearer ${adminToken}` } };
    const document = (await (await fetch(`${app.baseUrl}/api/admin/openapi.json`, authorised)).json()) as { paths: Record<string, any> };
    expect(document.paths["/api/admin/session"]?.post?.requestBody).toBeDefined();
    expect(document.paths["/api/admin/registrations/monthly-list"]?.get).toBeDefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith("/api/admin/announcements"))).toBe(true);
    expect((await fetch(`${app.baseUrl}/admin/api-docs/`, authorised)).status).toBe(200);
  });
});
