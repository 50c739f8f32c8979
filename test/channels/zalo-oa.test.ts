import { Writable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessedUpdates } from "../../src/bot/core/index.js";
import { createOaTokenStore, createZaloOaChannel, TOKENS_KEY, type ZaloOaChannel } from "../../src/bot/channels/zalo-oa/index.js";
import type { Database } from "../../src/db/index.js";
import { startTestApp } from "../helpers/app.js";
import { coreOn, texts } from "../helpers/core.js";
import { openTestDatabase } from "../helpers/database.js";
import { DAY_MS, FakeZaloOa, type CsMessage, type FakeZaloOaOptions } from "../fakes/fake-zalo-oa.js";

const credentials = {
  appId: "3608465248940903967",
  appSecret: "app-secret-KEEP-OUT-OF-LOGS",
  oaSecretKey: "oa-secret-key-of-webhooks",
  oaId: "388613280878808645",
  accessToken: "first-access-token-0123456789",
  refreshToken: "first-refresh-token-0123456789",
};

let zalo: FakeZaloOa;
let app: Awaited<ReturnType<typeof startTestApp>> | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await zalo?.stop();
});

async function startFake(options: Partial<FakeZaloOaOptions> = {}) {
  zalo = await new FakeZaloOa({ ...credentials, ...options }).start();
  return zalo;
}

async function startOaApp(options: Partial<FakeZaloOaOptions> = {}) {
  await startFake(options);
  app = await startTestApp({
    ZALO_OA_APP_ID: credentials.appId,
    ZALO_OA_APP_SECRET: credentials.appSecret,
    ZALO_OA_SECRET_KEY: credentials.oaSecretKey,
    ZALO_OA_ACCESS_TOKEN: credentials.accessToken,
    ZALO_OA_REFRESH_TOKEN: credentials.refreshToken,
    ZALO_OA_API_ROOT: zalo.url,
    ZALO_OA_OAUTH_ROOT: zalo.url,
  });
  return `${app.baseUrl}/webhooks/zalo-oa`;
}

function capturingLogger() {
  const lines: string[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, logs: () => lines.join("") };
}

/** The channel on its own server, with a clock the test moves. */
async function standaloneChannel() {
  const database = await openTestDatabase();
  const clock = { now: Date.now() };
  const { logger, logs } = capturingLogger();
  const channel: ZaloOaChannel = createZaloOaChannel({
    ...credentials,
    apiRoot: zalo.url,
    oauthRoot: zalo.url,
    core: coreOn(database),
    processedUpdates: createProcessedUpdates(database),
    prisma: database.prisma,
    logger,
    now: () => clock.now,
  });
  const server: FastifyInstance = Fastify();
  channel.registerRoutes(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  await channel.start();
  cleanups.push(async () => {
    await channel.stop();
    await server.close();
    await database.dropAll();
  });
  const address = server.addresses()[0] as { port: number };
  return { channel, database, clock, logs, webhookUrl: `http://127.0.0.1:${address.port}/webhooks/zalo-oa` };
}

/**
 * What a person sends to pick `label`: the tap of its button (whose payload is the label),
 * or its number when the menu had more than 5 choices and came as a numbered list.
 */
function choose(message: CsMessage, label: string): string {
  const buttons = buttonsOf(message);
  if (buttons.length) {
    const button = buttons.find((candidate) => candidate.title === label);
    if (!button) throw new Error(`no button "${label}"`);
    return String(button.payload);
  }
  const line = message.message.text!.split("\n").find((candidate) => candidate.endsWith(`. ${label}`));
  if (!line) throw new Error(`no choice "${label}" in ${message.message.text}`);
  return line.split(".")[0]!;
}

function buttonsOf(message: CsMessage) {
  return message.message.attachment?.payload.buttons ?? [];
}

describe("Zalo OA conversations", () => {
  it("greets a new follower with the menu as oa.query.show buttons and switches language by tapping", async () => {
    const webhook = await startOaApp();
    expect((await zalo.deliver(webhook, zalo.followEvent("u1"))).status).toBe(200);
    await zalo.waitForSent(1);
    const welcome = zalo.sentTo("u1")[0]!;
    expect(welcome.message.text!.startsWith(texts.t("vi", "welcome"))).toBe(true);
    const buttons = buttonsOf(welcome);
    expect(buttons.length).toBeLessThanOrEqual(5);
    expect(buttons.every((button) => button.type === "oa.query.show" && button.payload === button.title)).toBe(true);

    // A tap on oa.query.show arrives as user_send_text whose text is the payload.
    await zalo.deliver(webhook, zalo.textEvent("u1", choose(welcome, texts.t("vi", "menu.language"))));
    await zalo.waitForSent(2);
    expect(zalo.sentTo("u1")[1]!.message.text).toBe(texts.t("vi", "language.choose"));
    expect(buttonsOf(zalo.sentTo("u1")[1]!).map((button) => button.title)).toEqual(["Tiếng Việt", "English"]);

    await zalo.deliver(webhook, zalo.textEvent("u1", "English"));
    await zalo.waitForSent(3);
    expect(zalo.sentTo("u1")[2]!.message.text!.startsWith(texts.t("en", "language.changed"))).toBe(true);
  });

  it("answers /start typed as text and maps a typed number to the offered choice", async () => {
    const webhook = await startOaApp();
    await zalo.deliver(webhook, zalo.textEvent("u2", "/start"));
    await zalo.waitForSent(1);
    const menu = zalo.sentTo("u2")[0]!;
    const titles = buttonsOf(menu).map((button) => button.title);
    const number = titles.length ? String(titles.indexOf(texts.t("vi", "menu.language")) + 1) : choose(menu, texts.t("vi", "menu.language"));
    await zalo.deliver(webhook, zalo.textEvent("u2", number));
    await zalo.waitForSent(2);
    expect(zalo.sentTo("u2")[1]!.message.text).toBe(texts.t("vi", "language.choose"));
  });

  it("routes #keywords of the OA menu to actions", async () => {
    const webhook = await startOaApp();
    await zalo.deliver(webhook, zalo.textEvent("u3", "#language"));
    await zalo.waitForSent(1);
    expect(zalo.sentTo("u3")[0]!.message.text).toBe(texts.t("vi", "language.choose"));
  });

  it("ignores echoes of its own messages, says nothing on unfollow and shows the menu after a submitted form", async () => {
    const webhook = await startOaApp();
    expect((await zalo.deliver(webhook, zalo.echoEvent("u4", "hello"))).status).toBe(200);
    expect((await zalo.deliver(webhook, zalo.followEvent("u4", "unfollow"))).status).toBe(200);
    expect((await zalo.deliver(webhook, zalo.submitInfoEvent("u5"))).status).toBe(200);
    await zalo.waitForSent(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(zalo.sent.map((message) => message.recipient.user_id)).toEqual(["u5"]);
    expect(zalo.sentTo("u5")[0]!.message.text!.startsWith(texts.t("vi", "menu.title"))).toBe(true);
  });

  it("says it reads only text when sent an image", async () => {
    const webhook = await startOaApp();
    const image = { ...zalo.textEvent("u6", ""), event_name: "user_send_image" };
    await zalo.deliver(webhook, image);
    await zalo.waitForSent(1);
    expect(zalo.sentTo("u6")[0]!.message.text).toBe(texts.t("vi", "unsupported"));
  });

  it("keeps JSON parsing for the other routes", async () => {
    await startOaApp();
    const response = await fetch(`${app!.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({}),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
  });
});

describe("Zalo OA webhook security and delivery", () => {
  it("rejects a wrong or missing signature with 401 and handles nothing", async () => {
    const webhook = await startOaApp();
    expect((await zalo.deliver(webhook, zalo.textEvent("s1", "/start"), { signature: "wrong" })).status).toBe(401);
    expect((await zalo.deliver(webhook, zalo.textEvent("s1", "/start"), { signature: "missing" })).status).toBe(401);
    const event = zalo.textEvent("s1", "/start");
    const body = JSON.stringify(event);
    const tampered = await fetch(webhook, {
      method: "POST",
      headers: { "content-type": "application/json", "x-zevent-signature": `mac=${zalo.sign(body, String(event.timestamp))}` },
      body: body.replace("/start", "/help!"),
    });
    expect(tampered.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(zalo.sentTo("s1")).toHaveLength(0);
  });

  it("accepts signatures without the mac= prefix or with the OA id as first term, on the exact raw bytes", async () => {
    const webhook = await startOaApp();
    expect((await zalo.deliver(webhook, zalo.textEvent("s2", "/start"), { signature: "no-prefix" })).status).toBe(200);
    expect((await zalo.deliver(webhook, zalo.textEvent("s3", "/start"), { signature: "oa-id" })).status).toBe(200);
    // Unusual spacing and key order: re-serialising would change the bytes and the signature.
    const event = zalo.textEvent("s4", "/start");
    const raw = `{ "timestamp" : "${String(event.timestamp)}",\n  "event_name":"user_send_text", "message": {"msg_id":"m-s4","text":"/start"}, "sender":{"id":"s4"}, "app_id":"${credentials.appId}" }`;
    expect((await zalo.deliver(webhook, event, { rawBody: raw })).status).toBe(200);
    expect((await zalo.deliver(webhook, zalo.textEvent("s5", "/start"), { wrap: true })).status).toBe(200);
    await zalo.waitForSent(4);
    expect(new Set(zalo.sent.map((message) => message.recipient.user_id))).toEqual(new Set(["s2", "s3", "s4", "s5"]));
  });

  it("handles a re-delivered msg_id (a Zalo retry or a replay) once", async () => {
    const webhook = await startOaApp();
    const event = zalo.textEvent("d1", "/start", "96d3cdf3af150460909");
    expect((await zalo.deliver(webhook, event)).status).toBe(200);
    expect((await zalo.deliver(webhook, event)).status).toBe(200);
    expect((await zalo.deliver(webhook, event, { signature: "no-prefix" })).status).toBe(200);
    await zalo.deliver(webhook, zalo.textEvent("d1", "/menu"));
    await zalo.waitForSent(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(zalo.sentTo("d1")).toHaveLength(2);
  });

  it("acknowledges within 2 s and answers afterwards, even when a token refresh is slow", async () => {
    const webhook = await startOaApp({ oauthDelayMs: 2500 });
    zalo.expireAccessToken();
    const started = Date.now();
    expect((await zalo.deliver(webhook, zalo.textEvent("t1", "/start"))).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(zalo.sentTo("t1")).toHaveLength(0);
    await zalo.waitForSent(1);
  });
});

describe("Zalo OA events kept through a crash, and their freshness", () => {
  it("stores the event before acknowledging it: while the turn runs, the body waits in the database", async () => {
    await startFake();
    const { database, webhookUrl, release } = await channelWithHeldTurns();
    expect((await zalo.deliver(webhookUrl, zalo.textEvent("s1", "/start", "stored-msg-1"))).status).toBe(200);
    const [row] = await database.prisma.processedUpdate.findMany({ where: { key: "zalo-oa:msg:stored-msg-1" } });
    expect(row).toMatchObject({ completedAt: null });
    expect(JSON.parse(row!.payload!)).toMatchObject({ event_name: "user_send_text", message: { msg_id: "stored-msg-1" } });
    release();
    await zalo.waitForSent(1);
    await expect.poll(async () => (await database.prisma.processedUpdate.findUniqueOrThrow({ where: { key: "zalo-oa:msg:stored-msg-1" } })).payload).toBeNull();
  });

  it("handles at start an event a stopped process acknowledged but never handled", async () => {
    await startFake();
    const database = await openTestDatabase();
    cleanups.push(() => database.dropAll());
    const event = zalo.textEvent("s2", "/start", "orphan-msg-1");
    // What a process killed mid-turn leaves: claimed two minutes ago, stored, never completed.
    await database.prisma.processedUpdate.create({
      data: { key: "zalo-oa:msg:orphan-msg-1", createdAt: new Date(Date.now() - 120_000), payload: JSON.stringify(event) },
    });
    zalo.users.set("s2", { follower: true, lastInteraction: Date.now() });
    const channel = createZaloOaChannel({
      ...credentials,
      apiRoot: zalo.url,
      oauthRoot: zalo.url,
      core: coreOn(database),
      processedUpdates: createProcessedUpdates(database),
      prisma: database.prisma,
      logger: capturingLogger().logger,
    });
    await channel.start();
    cleanups.push(() => channel.stop());
    await zalo.waitForSent(1);
    expect(zalo.sentTo("s2").length).toBeGreaterThan(0);
    // Handled once: nothing is left for the next start.
    await channel.stop();
    expect(await channel.handleAbandoned()).toBe(0);
  });

  it("refuses a correctly signed event whose timestamp is outside the window (a replay), and handles nothing", async () => {
    await startFake();
    const { webhookUrl, clock } = await standaloneChannel();
    const old = { ...zalo.textEvent("s3", "/start"), timestamp: String(clock.now - 20 * 60_000) };
    expect((await zalo.deliver(webhookUrl, old)).status).toBe(403);
    const future = { ...zalo.textEvent("s3", "/start"), timestamp: String(clock.now + 20 * 60_000) };
    expect((await zalo.deliver(webhookUrl, future)).status).toBe(403);
    const recent = { ...zalo.textEvent("s3", "/start"), timestamp: String(clock.now - 5 * 60_000) };
    expect((await zalo.deliver(webhookUrl, recent)).status).toBe(200);
    await zalo.waitForSent(1);
    expect(zalo.sentTo("s3")).toHaveLength(1);
  });
});

/** The channel with a core whose turns wait until `release()`: what a slow or dying turn looks like from outside. */
async function channelWithHeldTurns() {
  const database = await openTestDatabase();
  const core = coreOn(database);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const channel = createZaloOaChannel({
    ...credentials,
    apiRoot: zalo.url,
    oauthRoot: zalo.url,
    core: { ...core, handle: async (message) => (await held, core.handle(message)) },
    processedUpdates: createProcessedUpdates(database),
    prisma: database.prisma,
    logger: capturingLogger().logger,
  });
  const server: FastifyInstance = Fastify();
  channel.registerRoutes(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  await channel.start();
  cleanups.push(async () => {
    release();
    await channel.stop();
    await server.close();
    await database.dropAll();
  });
  const address = server.addresses()[0] as { port: number };
  return { channel, database, release, webhookUrl: `http://127.0.0.1:${address.port}/webhooks/zalo-oa` };
}

describe("Zalo OA tokens", () => {
  it("refreshes once on -216, saves the new pair, and retries the message", async () => {
    const webhook = await startOaApp({ oauthDelayMs: 10 });
    zalo.expireAccessToken();
    await zalo.deliver(webhook, zalo.textEvent("r1", "/start"));
    await zalo.waitForSent(1);
    expect(zalo.oauthCalls).toEqual([{ grant_type: "refresh_token", refresh_token: credentials.refreshToken, ok: true }]);
    expect(zalo.apiCalls.map((call) => call.error)).toEqual([-216, 0]);
    const row = await app!.database.prisma.appState.findUnique({ where: { key: TOKENS_KEY } });
    expect(row!.value).toMatchObject({ accessToken: zalo.tokens.access, refreshToken: zalo.tokens.refresh });
  });

  it("makes one OAuth call for two concurrent refreshes in one process", async () => {
    await startFake();
    const { channel } = await standaloneChannel();
    const rejected = await channel.tokens.accessToken();
    const [first, second] = await Promise.all([channel.tokens.renewAfterRejection(rejected), channel.tokens.renewAfterRejection(rejected)]);
    expect(first).toBe(second);
    expect(first).toBe(zalo.tokens.access);
    expect(zalo.oauthCalls).toHaveLength(1);
  });

  it("makes one OAuth call when two instances refresh the same token at once", async () => {
    await startFake();
    const database = await openTestDatabase();
    cleanups.push(() => database.dropAll());
    const { logger } = capturingLogger();
    const storeOn = (db: Database) =>
      createOaTokenStore({ prisma: db.prisma, appId: credentials.appId, appSecret: credentials.appSecret, oauthRoot: zalo.url, initial: credentials, logger });
    const instanceA = storeOn(database);
    const instanceB = storeOn(database);
    await instanceA.ready();
    const [a, b] = await Promise.all([instanceA.renewAfterRejection(credentials.accessToken), instanceB.renewAfterRejection(credentials.accessToken)]);
    expect(a).toBe(b);
    expect(zalo.oauthCalls.filter((call) => call.ok)).toHaveLength(1);
    expect(zalo.oauthCalls).toHaveLength(1);
  });

  it("refreshes before expiry, not after", async () => {
    await startFake({ oauthDelayMs: 5 });
    const { channel, clock } = await standaloneChannel();
    await channel.tokens.renewAfterRejection(credentials.accessToken);
    const renewed = zalo.tokens.access;
    clock.now += 90_000_000 - 20 * 60_000;
    expect(await channel.tokens.accessToken()).toBe(renewed);
    clock.now += 15 * 60_000;
    const proactive = await channel.tokens.accessToken();
    expect(proactive).not.toBe(renewed);
    expect(zalo.oauthCalls).toHaveLength(2);
  });

  it("alerts staff and keeps the stored tokens when the refresh token was already used", async () => {
    await startFake({ oauthDelayMs: 5 });
    zalo.usedRefreshTokens.add(credentials.refreshToken);
    const { channel, database, logs } = await standaloneChannel();
    zalo.users.set("r2", { follower: true, lastInteraction: Date.now() });
    zalo.expireAccessToken();
    const outcome = await channel.sendText("r2", "Thông báo");
    expect(outcome).toMatchObject({ status: "failed", retry: "permanent" });
    expect(logs()).toContain("zalo-oa-token-refresh-failed");
    expect(logs()).toContain("-14020");
    expect(logs()).not.toContain(credentials.refreshToken);
    expect(logs()).not.toContain(credentials.appSecret);
    const row = await database.prisma.appState.findUnique({ where: { key: TOKENS_KEY } });
    expect(row!.value).toMatchObject({ accessToken: credentials.accessToken, refreshToken: credentials.refreshToken });
    expect(row!.value).not.toHaveProperty("lease");
    // No refresh storm: the next send within the cool-down does not call OAuth again.
    await channel.sendText("r2", "Thông báo");
    expect(zalo.oauthCalls).toHaveLength(1);
  });

  it("takes a new pair from the environment when staff re-authorised the OA", async () => {
    await startFake();
    const database = await openTestDatabase();
    cleanups.push(() => database.dropAll());
    const { logger } = capturingLogger();
    const options = { prisma: database.prisma, appId: credentials.appId, appSecret: credentials.appSecret, oauthRoot: zalo.url, logger };
    const first = createOaTokenStore({ ...options, initial: credentials });
    await first.renewAfterRejection(await first.accessToken());
    const rotated = zalo.tokens.access;
    expect(await createOaTokenStore({ ...options, initial: credentials }).accessToken()).toBe(rotated);
    const staffPair = { accessToken: "staff-new-access-0123456789", refreshToken: "staff-new-refresh-0123456789" };
    expect(await createOaTokenStore({ ...options, initial: staffPair }).accessToken()).toBe(staffPair.accessToken);
  });
});

describe("Zalo OA sending", () => {
  it("skips a message to someone whose last interaction is older than 7 days, without calling Zalo", async () => {
    await startFake();
    const { channel, clock, webhookUrl } = await standaloneChannel();
    await zalo.deliver(webhookUrl, zalo.textEvent("w1", "/start"));
    await zalo.waitForSent(1);
    clock.now += 6 * DAY_MS;
    expect(await channel.sendText("w1", "Thông báo lịch tư vấn")).toEqual({ status: "sent" });
    clock.now += 2 * DAY_MS;
    const calls = zalo.apiCalls.length;
    expect(await channel.sendText("w1", "Thông báo lịch tư vấn")).toEqual({ status: "outside-window" });
    expect(zalo.apiCalls.length).toBe(calls);
  });

  it("reports outside-window when Zalo says -230 for someone we have no record of", async () => {
    await startFake();
    const { channel } = await standaloneChannel();
    zalo.users.set("w2", { follower: true, lastInteraction: Date.now() - 8 * DAY_MS });
    zalo.users.set("w3", { follower: true });
    expect(await channel.sendText("w2", "x")).toEqual({ status: "outside-window" });
    expect(await channel.sendText("w3", "x")).toEqual({ status: "outside-window" });
  });

  it("maps -213, -32 and -201 to blocked, rate-limited and a permanent failure", async () => {
    await startFake();
    const { channel } = await standaloneChannel();
    zalo.users.set("e1", { follower: false, lastInteraction: Date.now() });
    expect(await channel.sendText("e1", "x")).toMatchObject({ status: "blocked" });
    zalo.users.set("e2", { follower: true, lastInteraction: Date.now() });
    zalo.rateLimitNext = 1;
    expect(await channel.sendText("e2", "x")).toEqual({ status: "rate-limited", retryAfterSeconds: 60 });
    expect(await channel.sendText("unknown-user", "x")).toMatchObject({ status: "failed", retry: "permanent" });
  });

  it("splits long texts at 2,000 characters", async () => {
    await startFake();
    const { channel } = await standaloneChannel();
    zalo.users.set("l1", { follower: true, lastInteraction: Date.now() });
    expect(await channel.sendText("l1", "Người lao động cần chuẩn bị hồ sơ. ".repeat(130))).toEqual({ status: "sent" });
    expect(zalo.sentTo("l1").length).toBe(3);
    expect(zalo.sentTo("l1").every((message) => message.message.text!.length <= 2000)).toBe(true);
  });

  it("uses a numbered list for more than 5 choices, and when Zalo refuses buttons", async () => {
    await startFake();
    const { channel } = await standaloneChannel();
    zalo.users.set("b1", { follower: true, lastInteraction: Date.now() });
    const six = Array.from({ length: 6 }, (_, index) => ({ label: `Mục ${index + 1}`, action: `x:${index}` }));
    await channel.sendReplies("b1", [{ text: "Chọn một mục", buttons: six }]);
    expect(buttonsOf(zalo.sentTo("b1")[0]!)).toEqual([]);
    expect(zalo.sentTo("b1")[0]!.message.text).toContain("6. Mục 6");
    zalo.refuseButtons = true;
    expect(await channel.sendReplies("b1", [{ text: "Chọn", buttons: six.slice(0, 2) }])).toEqual({ status: "sent" });
    expect(zalo.sentTo("b1")[1]!.message.text).toContain("2. Mục 2");
  });

  it("never logs the access token", async () => {
    await startFake();
    const { channel, logs } = await standaloneChannel();
    await zalo.stop();
    expect(await channel.sendText("n1", "x")).toMatchObject({ status: "failed", retry: "transient" });
    expect(logs()).not.toContain(credentials.accessToken);
  });
});
