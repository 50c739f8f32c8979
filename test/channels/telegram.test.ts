import { afterEach, describe, expect, it } from "vitest";
import { createProcessedUpdates } from "../../src/bot/core/index.js";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
const secret = "test-webhook-secret-0123456789";

let telegram: FakeTelegram;
let app: Awaited<ReturnType<typeof startTestApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await telegram.stop();
});

async function startWebhookBot() {
  telegram = await new FakeTelegram({ token }).start();
  app = await startTestApp({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: "https://bot.example.vn",
    TELEGRAM_WEBHOOK_SECRET: secret,
  });
  return app;
}

function deliver(update: unknown, secretToken: string | null = secret) {
  return fetch(`${app!.baseUrl}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secretToken ? { "x-telegram-bot-api-secret-token": secretToken } : {}) },
    body: JSON.stringify(update),
  });
}

describe("Telegram in webhook mode", () => {
  it("registers its webhook with the secret token at start", async () => {
    await startWebhookBot();
    expect(telegram.webhook).toEqual({ url: "https://bot.example.vn/webhooks/telegram", secret_token: secret });
  });

  it("answers /start with the welcome text in HTML and an inline keyboard", async () => {
    await startWebhookBot();
    const response = await deliver(telegram.textUpdate(1001, "/start"));
    expect(response.status).toBe(200);
    const [message] = telegram.sentTo(1001);
    expect(message!.parse_mode).toBe("HTML");
    expect(message!.text).toBe(texts.t("vi", "welcome"));
    expect(
      message!
        .reply_markup!.inline_keyboard.flat()
        .map((b) => b.callback_data)
        .slice(-2),
    ).toEqual(["help", "language"]);
  });

  it("handles a pressed button as an action", async () => {
    await startWebhookBot();
    await deliver(telegram.callbackUpdate(1002, "lang:en"));
    expect(telegram.sentTo(1002)[0]!.text).toBe(texts.t("en", "language.changed"));
    expect(telegram.calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
  });

  it("rejects a request without the right secret token with 401 and handles nothing", async () => {
    await startWebhookBot();
    expect((await deliver(telegram.textUpdate(1003, "/start"), "wrong-secret-wrong-secret")).status).toBe(401);
    expect((await deliver(telegram.textUpdate(1003, "/start"), null)).status).toBe(401);
    expect(telegram.sentTo(1003)).toHaveLength(0);
  });

  it("handles a re-delivered update_id only once", async () => {
    await startWebhookBot();
    const update = telegram.textUpdate(1004, "/start");
    expect((await deliver(update)).status).toBe(200);
    expect((await deliver(update)).status).toBe(200);
    expect(telegram.sentTo(1004)).toHaveLength(1);
  });

  it("answers 503 to a re-delivery of an update claimed but not finished, so Telegram retries it, and 200 once it is done", async () => {
    await startWebhookBot();
    const update = telegram.textUpdate(1010, "/start") as { update_id: number };
    // Another process claimed it a moment ago and died (or is still at it): the lease has not passed.
    const processed = createProcessedUpdates(app!.database);
    expect(await processed.claim(`telegram:${update.update_id}`)).toBe(true);
    const response = await deliver(update);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(telegram.sentTo(1010)).toHaveLength(0);
    await processed.complete(`telegram:${update.update_id}`);
    expect((await deliver(update)).status).toBe(200);
    expect(telegram.sentTo(1010)).toHaveLength(0);
  });

  it("checks the secret before reading the body: a caller without it gets 401 even for a malformed or oversized body", async () => {
    await startWebhookBot();
    const send = (body: string, secretToken?: string) =>
      fetch(`${app!.baseUrl}/webhooks/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secretToken ? { "x-telegram-bot-api-secret-token": secretToken } : {}) },
        body,
      });
    expect((await send("{not json")).status).toBe(401);
    expect((await send(`{"x":"${"a".repeat(2_000_000)}"}`)).status).toBe(401);
    // With the secret, the same malformed body is read and refused as such.
    expect((await send("{not json", secret)).status).toBe(400);
  });

  it("still answers 200 when handling fails, and tells the user politely", async () => {
    await startWebhookBot();
    telegram.failNext("sendMessage", 400, { description: "Bad Request: can't parse entities" });
    const response = await deliver(telegram.textUpdate(1005, "/start"));
    expect(response.status).toBe(200);
    expect(telegram.sentTo(1005).map((m) => m.text)).toEqual([texts.t("vi", "error.generic")]);
  });

  it("waits and retries when Telegram answers 429 with retry_after", async () => {
    await startWebhookBot();
    telegram.failNext("sendMessage", 429, { retryAfter: 1, description: "Too Many Requests: retry after 1" });
    const started = Date.now();
    await deliver(telegram.textUpdate(1006, "/start"));
    expect(telegram.sentTo(1006)).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("answers 400 to a body that is not an update", async () => {
    await startWebhookBot();
    expect((await deliver({ hello: "world" })).status).toBe(400);
  });

  it("says it reads only text when sent a sticker", async () => {
    await startWebhookBot();
    await deliver(telegram.stickerUpdate(1007));
    expect(telegram.sentTo(1007)[0]!.text).toBe(texts.t("vi", "unsupported"));
  });
});

describe("Telegram in long polling mode", () => {
  it("removes any webhook, polls updates and answers them", async () => {
    telegram = await new FakeTelegram({ token }).start();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: telegram.url });
    expect(telegram.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    telegram.pushUpdate(telegram.textUpdate(2001, "/help"));
    await telegram.waitForSent(1);
    expect(telegram.sentTo(2001)[0]!.text).toContain(texts.t("vi", "help").split("\n")[0]!);
  });
});
