import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessedUpdates } from "../../src/bot/core/index.js";
import { splitText } from "../../src/shared/outbound.js";
import { createZaloBotChannel, renderForZaloBot, type ZaloBotChannel } from "../../src/bot/channels/zalo-bot/index.js";
import { startTestApp } from "../helpers/app.js";
import { coreOn, texts } from "../helpers/core.js";
import { openTestDatabase } from "../helpers/database.js";
import { waitFor } from "../helpers/processes.js";
import { FakeZaloBot } from "../fakes/fake-zalo-bot.js";

const token = "1459232241454765289:abc-XYZ_secretpart";
const secret = "zalo-bot-webhook-secret";

let zalo: FakeZaloBot;
let app: Awaited<ReturnType<typeof startTestApp>> | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await zalo.stop();
});

async function startWebhookBot() {
  zalo = await new FakeZaloBot({ token }).start();
  app = await startTestApp({
    ZALO_BOT_TOKEN: token,
    ZALO_BOT_API_ROOT: zalo.url,
    ZALO_BOT_WEBHOOK_SECRET: secret,
    PUBLIC_URL: "https://bot.example.vn",
  });
  return app;
}

/** The number a numbered list gives to a label (the menu grows as features are plugged in). */
function numberOf(text: string, label: string): string {
  const line = text.split("\n").find((candidate) => candidate.endsWith(`. ${label}`));
  if (!line) throw new Error(`no choice "${label}" in:\n${text}`);
  return line.split(".")[0]!;
}

/** A channel built by hand, to watch its logs or call it directly. */
async function standaloneChannel(options: { webhook?: boolean; pollRetryDelayMs?: number } = {}) {
  const database = await openTestDatabase();
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
  const channel: ZaloBotChannel = createZaloBotChannel({
    token,
    apiRoot: zalo.url,
    webhook: options.webhook ? { url: "https://bot.example.vn/webhooks/zalo-bot", secret } : undefined,
    core: coreOn(database),
    processedUpdates: createProcessedUpdates(database),
    prisma: database.prisma,
    logger,
    pollRetryDelayMs: options.pollRetryDelayMs ?? 20,
  });
  cleanups.push(async () => {
    await channel.stop();
    await database.dropAll();
  });
  return { channel, logs: () => lines.join("") };
}

describe("Zalo Bot in webhook mode", () => {
  it("registers its webhook with the secret token at start", async () => {
    await startWebhookBot();
    expect(zalo.webhook).toMatchObject({ url: "https://bot.example.vn/webhooks/zalo-bot", secret });
  });

  it("answers /start with the welcome text and the menu as a numbered list, after a typing action", async () => {
    await startWebhookBot();
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u1", "/start"))).status).toBe(200);
    await zalo.waitForSent(1);
    const text = zalo.sentTo("u1")[0]!.text;
    expect(text.startsWith(`${texts.t("vi", "welcome")}\n\n1. `)).toBe(true);
    expect(text).toMatch(new RegExp(`\\n\\d\\. ${texts.t("vi", "menu.help").replace(/[?*+]/g, "\\$&")}\\n`));
    expect(text.endsWith(`. ${texts.t("vi", "menu.language")}\n${texts.t("vi", "zalo.choices.hint")}`)).toBe(true);
    const methods = zalo.calls.map((call) => call.method);
    expect(methods.indexOf("sendChatAction")).toBeLessThan(methods.indexOf("sendMessage"));
    expect(zalo.callsOf("sendChatAction")[0]!.body).toEqual({ chat_id: "u1", action: "typing" });
  });

  it("switches language when the person answers with a number, then with a label", async () => {
    await startWebhookBot();
    await zalo.deliver(app!.baseUrl, zalo.update("u2", "/start"));
    await zalo.waitForSent(1);
    await zalo.deliver(app!.baseUrl, zalo.update("u2", numberOf(zalo.sentTo("u2")[0]!.text, texts.t("vi", "menu.language"))));
    await zalo.waitForSent(2);
    expect(zalo.sentTo("u2")[1]!.text).toBe(`${texts.t("vi", "language.choose")}\n\n1. Tiếng Việt\n2. English\n${texts.t("vi", "zalo.choices.hint")}`);
    await zalo.deliver(app!.baseUrl, zalo.update("u2", "english"));
    await zalo.waitForSent(3);
    const changed = zalo.sentTo("u2")[2]!.text;
    expect(changed.startsWith(`${texts.t("en", "language.changed")}\n\n1. `)).toBe(true);
    expect(changed).toContain(texts.t("en", "menu.help"));
  });

  it("treats a number as text when no choices were offered", async () => {
    await startWebhookBot();
    await zalo.deliver(app!.baseUrl, zalo.update("u3", "2"));
    await zalo.waitForSent(1);
    expect(zalo.sentTo("u3")[0]!.text).not.toContain(texts.t("vi", "language.choose"));
  });

  it("rejects a wrong or missing secret token with 401 and handles nothing", async () => {
    await startWebhookBot();
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u4", "/start"), { secret: "wrong-secret-123" })).status).toBe(401);
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u4", "/start"), { secret: null })).status).toBe(401);
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u4", "/start"), { secret: `${secret}x` })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(zalo.sentTo("u4")).toHaveLength(0);
  });

  it("accepts wrapped ({ok, result}) and bare bodies alike", async () => {
    await startWebhookBot();
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u5", "/start"), { wrap: true })).status).toBe(200);
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u6", "/start"), { wrap: false })).status).toBe(200);
    await zalo.waitForSent(2);
    expect(zalo.sentTo("u5")).toHaveLength(1);
    expect(zalo.sentTo("u6")).toHaveLength(1);
  });

  it("handles a re-delivered message_id once", async () => {
    await startWebhookBot();
    const update = zalo.update("u7", "/start", { messageId: "2d758cb5e222177a4e35" });
    expect((await zalo.deliver(app!.baseUrl, update)).status).toBe(200);
    expect((await zalo.deliver(app!.baseUrl, update, { wrap: true })).status).toBe(200);
    await zalo.deliver(app!.baseUrl, zalo.update("u7", "/help"));
    await zalo.waitForSent(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(zalo.sentTo("u7")).toHaveLength(2);
  });

  it("says it reads only text for a sticker, stays silent for hidden content, groups and unknown events", async () => {
    await startWebhookBot();
    await zalo.deliver(app!.baseUrl, zalo.update("u8", undefined, { event: "message.unsupported.received" }));
    await zalo.deliver(app!.baseUrl, zalo.update("g1", "/start", { chatType: "GROUP" }));
    await zalo.deliver(app!.baseUrl, zalo.update("u8", "x", { event: "message.reaction.received" }));
    expect((await zalo.deliver(app!.baseUrl, zalo.update("u8", undefined, { event: "message.sticker.received" }))).status).toBe(200);
    await zalo.waitForSent(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(new Set(zalo.sent.map((message) => message.chat_id))).toEqual(new Set(["u8"]));
    expect(zalo.sent[0]!.text).toContain(texts.t("vi", "unsupported"));
  });

  it("answers 400 to a body that is not an update", async () => {
    await startWebhookBot();
    const response = await fetch(`${app!.baseUrl}/webhooks/zalo-bot`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-bot-api-secret-token": secret },
      body: JSON.stringify({ event_name: 42 }),
    });
    expect(response.status).toBe(400);
  });
});

describe("Zalo Bot in polling mode", () => {
  it.each(["http-408", "http-200-408", "string-408", "empty-result"] as const)(
    "removes any webhook, treats an idle poll (%s) as nothing new and answers the next update",
    async (idleVariant) => {
      zalo = await new FakeZaloBot({ token, idleVariant, maxPollSeconds: 0.1 }).start();
      zalo.webhook = { url: "https://old.example.vn/hook", secret: "old-secret", updatedAt: 1 };
      app = await startTestApp({ ZALO_BOT_TOKEN: token, ZALO_BOT_API_ROOT: zalo.url });
      expect(zalo.webhook).toBeUndefined();
      await waitFor(() => zalo.callsOf("getUpdates").length >= 3);
      zalo.enqueue(zalo.update("p1", "/start"));
      await zalo.waitForSent(1);
      expect(zalo.sentTo("p1")[0]!.text).toContain(texts.t("vi", "welcome"));
      expect(zalo.callsOf("getUpdates")[0]!.body).toEqual({ timeout: "30" });
    },
  );

  it("backs off after failed polls and stops cleanly", async () => {
    zalo = await new FakeZaloBot({ token }).start();
    const { channel, logs } = await standaloneChannel({ pollRetryDelayMs: 100 });
    zalo.failNext("getUpdates", 502, `<html>502 Bad Gateway for /bot${token}/getUpdates</html>`, "text/html");
    zalo.failNext("getUpdates", 200, { ok: false, error_code: 401, description: "Unauthorized" });
    await channel.start();
    await waitFor(() => zalo.callsOf("getUpdates").length >= 3);
    const started = Date.now();
    await channel.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(logs()).toContain("polling failed");
    expect(logs()).not.toContain(token);
    expect(logs()).not.toContain("secretpart");
  });
});

describe("Zalo Bot messages", () => {
  it("splits a 4,500-character answer into 3 messages of at most 2,000 at sentence or line boundaries", () => {
    const sentence = "Người lao động được vay vốn tại Ngân hàng Chính sách xã hội theo quy định. ";
    const long = Array.from({ length: 60 }, (_, index) => (index % 10 === 9 ? `${sentence}\n` : sentence))
      .join("")
      .slice(0, 4500);
    const parts = renderForZaloBot({ text: long }, texts, "vi");
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/[.\n]$|\.$/);
    expect(parts.join(" ").replace(/\s+/g, " ")).toBe(long.trim().replace(/\s+/g, " "));
  });

  it("never cuts a surrogate pair and cuts at a space when there is no sentence", () => {
    const emoji = "😀".repeat(1500);
    const parts = splitText(emoji, 2000);
    expect(parts.join("")).toBe(emoji);
    expect(parts.every((part) => part.length <= 2000 && !/[\uD800-\uDBFF]$/.test(part))).toBe(true);
    const words = "lao động ".repeat(400);
    expect(splitText(words, 2000).every((part) => !part.endsWith(" ") && part.length <= 2000)).toBe(true);
  });

  it("renders sources as one plain-text line", () => {
    const [text] = renderForZaloBot(
      { text: "Mức vay tối đa…", sources: [{ document: "Luật 69/2020/QH14", article: "Điều 5", url: "https://vbpl.vn/69" }, { document: "NĐ 61/2015" }] },
      texts,
      "vi",
    );
    expect(text).toBe("Mức vay tối đa…\n\nNguồn: Luật 69/2020/QH14, Điều 5 (https://vbpl.vn/69); NĐ 61/2015");
  });

  it("pushes a long announcement as several messages and reports it sent", async () => {
    zalo = await new FakeZaloBot({ token }).start();
    const { channel } = await standaloneChannel();
    const outcome = await channel.sendText("a1", "Thông báo. ".repeat(400));
    expect(outcome).toEqual({ status: "sent" });
    expect(zalo.sentTo("a1").length).toBe(3);
  });

  it("reports a rate limit, a refusal and a network failure as typed outcomes without logging the token", async () => {
    zalo = await new FakeZaloBot({ token }).start();
    const { channel, logs } = await standaloneChannel();
    zalo.failNext("sendMessage", 429, "<html><center>429 Too Many Requests</center></html>", "text/html");
    expect(await channel.sendText("a2", "x")).toEqual({ status: "rate-limited", retryAfterSeconds: 30 });
    zalo.failNext("sendMessage", 200, { ok: false, error_code: 400, description: "Bad request: The chat_id must not be empty" });
    expect(await channel.sendText("a2", "x")).toMatchObject({ status: "failed", retry: "permanent" });
    zalo.failNext("sendMessage", 502, `<html>upstream error at /bot${token}/sendMessage</html>`, "text/html");
    expect(await channel.sendText("a2", "x")).toMatchObject({ status: "failed", retry: "transient" });
    await zalo.stop();
    expect(await channel.sendText("a2", "x")).toMatchObject({ status: "failed", retry: "transient", reason: expect.stringMatching(/ECONN/) });
    zalo = await new FakeZaloBot({ token }).start();
    expect(logs()).not.toContain("secretpart");
  });

  it("tells the person politely when sending fails, and logs only the method and Zalo's code", async () => {
    zalo = await new FakeZaloBot({ token }).start();
    const { channel, logs } = await standaloneChannel();
    zalo.failNext("sendMessage", 502, `<html>bad gateway /bot${token}/sendMessage</html>`, "text/html");
    await channel.start();
    zalo.enqueue(zalo.update("f1", "/start"));
    await zalo.waitForSent(1);
    expect(zalo.sentTo("f1")[0]!.text).toContain(texts.t("vi", "error.generic"));
    expect(logs()).toContain('"method":"sendMessage"');
    expect(logs()).not.toContain("secretpart");
  });
});
