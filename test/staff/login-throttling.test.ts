import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { staffPassword } from "../helpers/staff.js";

type TestApp = Awaited<ReturnType<typeof startTestApp>>;
const adminToken = "test-admin-token-0123456789abcdef";

async function login(app: TestApp, username: string, password: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.baseUrl}/api/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

async function auditEvents(app: TestApp, action: string) {
  const response = await fetch(`${app.baseUrl}/api/admin/audit?limit=500&action=${action}`, { headers: { authorization: `Bearer ${adminToken}` } });
  return ((await response.json()) as { events: { actor: string; action: string; ip: string | null; detail: any }[] }).events;
}

const cookieOf = (headers: Headers, name: string) =>
  headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .find((pair) => pair.startsWith(`${name}=`));

describe("without TRUSTED_PROXIES", { timeout: 120_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_API_TOKEN: adminToken, STAFF_LOGIN_MAX_FAILURES: "5" });
  });
  afterAll(async () => app?.close());

  it("ignores X-Forwarded-For: a client cannot choose its address to escape the per-address limit or to fill the audit log", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 24; attempt++) {
      const forged = { "x-forwarded-for": `203.0.113.${attempt + 1}` };
      statuses.push((await login(app, `nobody-${attempt}`, "wrong-password-1", forged)).status);
    }
    // Four times the per-account limit from one address, then refused.
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    const failed = await auditEvents(app, "login.failed");
    expect(failed.length).toBeGreaterThanOrEqual(20);
    expect(new Set(failed.map((event) => event.ip))).toEqual(new Set(["127.0.0.1"]));
  });
});

describe("behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)", { timeout: 120_000 }, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ADMIN_API_TOKEN: adminToken, STAFF_LOGIN_MAX_FAILURES: "5", TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" });
  });
  afterAll(async () => app?.close());
  const from = (address: string) => ({ "x-forwarded-for": address });

  it("records the address the proxy forwarded", async () => {
    await app.staff.accounts.create({ username: "proxied", displayName: "P", password: staffPassword, role: "admin" });
    expect((await login(app, "proxied", staffPassword, from("198.51.100.7"))).status).toBe(200);
    const logins = await auditEvents(app, "login");
    expect(logins).toContainEqual(expect.objectContaining({ actor: "staff:proxied", ip: "198.51.100.7" }));
  });

  it("checks at most the limit of 100 parallel wrong passwords against one account", async () => {
    await app.staff.accounts.create({ username: "raced", displayName: "R", password: staffPassword, role: "admin" });
    const results = await Promise.all(Array.from({ length: 100 }, (_, index) => login(app, "raced", `wrong-guess-${index}`, from(`192.0.2.${index + 1}`))));
    const checked = results.filter((result) => result.status === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(results.filter((result) => result.status === 429).length).toBe(100 - checked);
  });

  it("slows an account under attack down instead of locking its owner out for the whole window", async () => {
    await app.staff.accounts.create({ username: "attacked", displayName: "A", password: staffPassword, role: "admin" });
    // The attacker, from many addresses, uses up the free attempts.
    await Promise.all(Array.from({ length: 30 }, (_, index) => login(app, "attacked", `guess-${index}`, from(`192.0.2.${index + 1}`))));
    const refused = await login(app, "attacked", staffPassword, from("198.51.100.20"));
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("retry-after"));
    // A short pause (the lockout used to last the whole 15-minute window).
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 50));
    expect((await login(app, "attacked", staffPassword, from("198.51.100.20"))).status).toBe(200);
  });

  it("lets the owner in at once from a browser that logged in before, while an attack goes on", async () => {
    await app.staff.accounts.create({ username: "owner", displayName: "O", password: staffPassword, role: "admin" });
    const first = await login(app, "owner", staffPassword, from("198.51.100.30"));
    expect(first.status).toBe(200);
    const device = cookieOf(first.headers, "xkld_device");
    expect(device).toBeDefined();
    expect(first.headers.getSetCookie().find((line) => line.startsWith("xkld_device="))).toMatch(/HttpOnly/);
    await Promise.all(Array.from({ length: 30 }, (_, index) => login(app, "owner", `guess-${index}`, from(`192.0.2.${index + 1}`))));
    expect((await login(app, "owner", staffPassword, from("198.51.100.40"))).status).toBe(429);
    const owner = await login(app, "owner", staffPassword, { ...from("198.51.100.40"), cookie: device! });
    expect(owner.status).toBe(200);
    // The cookie proves a past login of that account only: another account gains nothing from it.
    await app.staff.accounts.create({ username: "other", displayName: "X", password: staffPassword, role: "admin" });
    await Promise.all(Array.from({ length: 30 }, (_, index) => login(app, "other", `guess-${index}`, from(`192.0.2.${index + 1}`))));
    expect((await login(app, "other", staffPassword, { ...from("198.51.100.40"), cookie: device! })).status).toBe(429);
  });

  it("answers a flood of logins beyond the password-check queue with 503, so the server keeps answering, and lets a known browser in", async () => {
    await app.staff.accounts.create({ username: "flooded.owner", displayName: "F", password: staffPassword, role: "admin" });
    const device = cookieOf((await login(app, "flooded.owner", staffPassword, from("198.51.100.60"))).headers, "xkld_device")!;
    const flood = Promise.all(
      Array.from({ length: 60 }, (_, index) => login(app, `flood-${index}`, "wrong-password-1", from(`100.64.${index >> 8}.${index & 255}`))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const owner = await login(app, "flooded.owner", staffPassword, { ...from("198.51.100.60"), cookie: device });
    const results = await flood;
    expect(owner.status).toBe(200);
    const busy = results.filter((result) => result.status === 503);
    expect(results.every((result) => result.status === 401 || result.status === 503)).toBe(true);
    // One check at a time and 16 waiting: most of 60 simultaneous logins are turned away at once.
    expect(busy.length).toBeGreaterThanOrEqual(30);
    expect(busy.every((result) => result.headers.get("retry-after") === "2")).toBe(true);
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);

  it("writes failed and refused logins to the audit log, never the typed name of an unknown account", async () => {
    await app.staff.accounts.create({ username: "audited.user", displayName: "U", password: staffPassword, role: "admin" });
    await login(app, "audited.user", "not-the-password", from("198.51.100.50"));
    await login(app, "my-secret-password-typed-as-name", "x", from("198.51.100.51"));
    const failed = await auditEvents(app, "login.failed");
    expect(failed).toContainEqual(expect.objectContaining({ actor: "staff:audited.user", ip: "198.51.100.50" }));
    expect(failed).toContainEqual(expect.objectContaining({ actor: "unknown-account", ip: "198.51.100.51" }));
    expect(JSON.stringify(failed)).not.toContain("my-secret-password-typed-as-name");
    const refused = await auditEvents(app, "login.refused");
    expect(refused).toContainEqual(expect.objectContaining({ actor: "staff:raced", detail: expect.objectContaining({ reason: "account" }) }));
    // One row per refused account and minute, not one per request: a flood cannot fill the table.
    expect(refused.filter((event) => event.actor === "staff:raced").length).toBe(1);
  });
});
