import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { FakeZaloBot } from "../fakes/fake-zalo-bot.js";
import { FakeZaloOa } from "../fakes/fake-zalo-oa.js";
import { deeplyNested, hostileJson, hostileText } from "./arbitraries.js";

/**
 * Every webhook and the web chat of one real server, fed hostile bodies over HTTP. Whatever
 * arrives, the answer is 200 or a 4xx with a JSON error, and the server keeps serving.
 */
const BODY_LIMIT = 16 * 1024;
const runs = { numRuns: 100 };
const telegramSecret = "hostile-telegram-secret-0123";
const zaloBotSecret = "hostile-zalo-bot-secret";
const telegramToken = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
const zaloBotToken = "1459232241454765289:abc-XYZ_secretpart";
const oa = {
  appId: "3608465248940903967",
  appSecret: "app-secret-of-the-oa-app",
  oaSecretKey: "oa-secret-key-of-webhooks",
  accessToken: "first-access-token-0123456789",
  refreshToken: "first-refresh-token-0123456789",
};

let telegram: FakeTelegram;
let zaloBot: FakeZaloBot;
let zaloOa: FakeZaloOa;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  telegram = await new FakeTelegram({ token: telegramToken }).start();
  zaloBot = await new FakeZaloBot({ token: zaloBotToken }).start();
  zaloOa = await new FakeZaloOa(oa).start();
  app = await startTestApp({
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
    // The fuzzers write as fast as they can, as one person per channel: not a flood to slow down.
    FLOOD_MESSAGES_PER_MINUTE: "0",
    PUBLIC_URL: "https://bot.example.vn",
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    ZALO_BOT_TOKEN: zaloBotToken,
    ZALO_BOT_API_ROOT: zaloBot.url,
    ZALO_BOT_WEBHOOK_SECRET: zaloBotSecret,
    ZALO_OA_APP_ID: oa.appId,
    ZALO_OA_APP_SECRET: oa.appSecret,
    ZALO_OA_SECRET_KEY: oa.oaSecretKey,
    ZALO_OA_ACCESS_TOKEN: oa.accessToken,
    ZALO_OA_REFRESH_TOKEN: oa.refreshToken,
    ZALO_OA_API_ROOT: zaloOa.url,
    ZALO_OA_OAUTH_ROOT: zaloOa.url,
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await Promise.all([telegram?.stop(), zaloBot?.stop(), zaloOa?.stop()]);
});

type Route = "telegram" | "zalo-bot" | "zalo-oa" | "web";

/** Posts raw bytes to a route with its valid credentials (the OA signature covers `body`). */
async function post(route: Route, body: string, headers: Record<string, string> = {}) {
  const credentials: Record<Route, Record<string, string>> = {
    telegram: { "x-telegram-bot-api-secret-token": telegramSecret },
    "zalo-bot": { "x-bot-api-secret-token": zaloBotSecret },
    "zalo-oa": { "x-zevent-signature": `mac=${zaloOa.sign(body, signedTimestampOf(body))}` },
    web: {},
  };
  const path = route === "web" ? "/api/chat" : `/webhooks/${route}`;
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...credentials[route], ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text };
}

// The timestamp Zalo signs is the body's own `timestamp` field.
function signedTimestampOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { timestamp?: unknown; data?: { timestamp?: unknown } } | null;
    const timestamp = parsed?.timestamp ?? parsed?.data?.timestamp;
    return typeof timestamp === "string" || typeof timestamp === "number" ? String(timestamp) : "";
  } catch {
    return "";
  }
}

/** 200, or a 4xx whose body is a JSON object with an `error` message. */
function expectPoliteAnswer({ status, text }: { status: number; text: string }) {
  if (status === 200) return;
  expect(status, text).toBeGreaterThanOrEqual(400);
  expect(status, text).toBeLessThan(500);
  expect(typeof (JSON.parse(text) as { error?: unknown }).error).toBe("string");
}

async function stillServing() {
  const { status, text } = await post("web", JSON.stringify({ sessionId: "still-serving-check", text: "/menu" }));
  expect(status).toBe(200);
  expect(JSON.parse(text).replies[0].text).toBe(texts.t("vi", "menu.title"));
}

const routes: Route[] = ["telegram", "zalo-bot", "zalo-oa", "web"];

/** Envelopes each route understands, with hostile content where the person's text goes. */
const plausibleBody: Record<Route, (text: string, json: unknown) => unknown[]> = {
  telegram: (text, json) => [
    {
      update_id: 1 + Math.floor(Math.random() * 1e9),
      message: { message_id: 1, date: 1, chat: { id: 7001, type: "private" }, from: { id: 7001, is_bot: false, first_name: text }, text },
    },
    { update_id: 1 + Math.floor(Math.random() * 1e9), message: json },
    { update_id: 1 + Math.floor(Math.random() * 1e9), callback_query: { id: "1", data: text, from: { id: 7001 }, message: json } },
  ],
  "zalo-bot": (text, json) => [
    zaloBot.update("zb-fuzz", text),
    { ok: true, result: { event_name: "message.text.received", message: json } },
    { event_name: text, message: { from: { id: text }, chat: { id: text }, text } },
  ],
  "zalo-oa": (text, json) => [
    zaloOa.textEvent("oa-fuzz", text),
    { ...zaloOa.textEvent("oa-fuzz", text), message: json },
    { event_name: text, sender: json, timestamp: text },
  ],
  web: (text, json) => [
    { sessionId: "fuzzing-visitor", text },
    { sessionId: "fuzzing-visitor", action: text },
    { text: json, action: json },
  ],
};

describe("webhooks and the web chat, fed hostile bodies", () => {
  for (const route of routes) {
    it(`${route}: answers 200 or a 4xx with a JSON error to any JSON value`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileJson, async (body) => expectPoliteAnswer(await post(route, JSON.stringify(body)))),
        runs,
      );
      await stillServing();
    });

    it(`${route}: answers 200 or a 4xx to its own envelope carrying hostile text and values`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileText(300), hostileJson, fc.nat(2), async (text, json, variant) => {
          expectPoliteAnswer(await post(route, JSON.stringify(plausibleBody[route](text, json)[variant])));
        }),
        runs,
      );
      await stillServing();
    });

    it(`${route}: refuses bodies that are not JSON with a 4xx`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileText(200), fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"), async (body, type) => {
          const answer = await post(route, body, { "content-type": type });
          expectPoliteAnswer(answer);
          // Only the OA route takes any bytes (it must check the signature on them first).
          if (route !== "zalo-oa" && answer.status === 200) expect(() => JSON.parse(body)).not.toThrow();
        }),
        runs,
      );
    });

    it(`${route}: answers 413 to a body above BODY_LIMIT_BYTES and reads one just below it`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 8 }), async (size) => {
          const body = JSON.stringify({ text: "x".repeat(size) });
          const answer = await post(route, body);
          expect(answer.status).toBe(413);
          expectPoliteAnswer(answer);
        }),
        { numRuns: 20 },
      );
      const justBelow = JSON.stringify({ filler: "y".repeat(BODY_LIMIT - 100) });
      expect((await post(route, justBelow)).status).not.toBe(413);
      await stillServing();
    });

    it(`${route}: survives deeply nested JSON`, async () => {
      for (const depth of [1_000, 7_000]) {
        for (const kind of ["array", "object"] as const) expectPoliteAnswer(await post(route, deeplyNested(depth, kind)));
      }
      await stillServing();
    });
  }
});

describe("text the database cannot store as it is", () => {
  it("answers a message holding NUL and lone surrogates instead of apologising for a failure", async () => {
    const before = telegram.sentTo(7200).length;
    const answer = await post("telegram", JSON.stringify(telegram.textUpdate(7200, "/menu\u0000\ud800")));
    expect(answer.status).toBe(200);
    const replies = telegram
      .sentTo(7200)
      .slice(before)
      .map((message) => message.text);
    expect(replies).not.toContain(texts.t("vi", "error.generic"));
    expect(replies.length).toBeGreaterThan(0);
  });
});

describe("forged webhook credentials", () => {
  const forged = fc.string({ unit: fc.constantFrom(..."abcdefABCDEF0123456789_-=+/ "), maxLength: 80 });

  it("Telegram: any secret token but the right one is refused with 401", async () => {
    await fc.assert(
      fc.asyncProperty(
        forged.filter((secret) => secret.trim() !== telegramSecret),
        async (secret) => {
          const answer = await post("telegram", JSON.stringify(telegram.textUpdate(7100, "/start")), { "x-telegram-bot-api-secret-token": secret });
          expect(answer.status).toBe(401);
        },
      ),
      runs,
    );
    expect(telegram.sentTo(7100)).toHaveLength(0);
  });

  it("Zalo Bot: any secret token but the right one is refused with 401", async () => {
    await fc.assert(
      fc.asyncProperty(
        forged.filter((secret) => secret.trim() !== zaloBotSecret),
        async (secret) => {
          const answer = await post("zalo-bot", JSON.stringify(zaloBot.update("zb-forged", "/start")), { "x-bot-api-secret-token": secret });
          expect(answer.status).toBe(401);
        },
      ),
      runs,
    );
    expect(zaloBot.sentTo("zb-forged")).toHaveLength(0);
  });

  it("Zalo OA: a signed body altered in any one byte, or signed with another key, is refused with 401", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (position, delta, otherKey) => {
        const body = JSON.stringify(zaloOa.textEvent("oa-forged", "/start"));
        const timestamp = signedTimestampOf(body);
        if (otherKey) {
          const mac = zaloOa.sign(body, timestamp, { secret: oa.appSecret });
          expect((await post("zalo-oa", body, { "x-zevent-signature": `mac=${mac}` })).status).toBe(401);
          return;
        }
        const bytes = Buffer.from(body);
        const at = position % bytes.length;
        bytes[at] = (bytes[at]! + delta) % 256;
        const mac = zaloOa.sign(body, timestamp);
        const response = await fetch(`${app.baseUrl}/webhooks/zalo-oa`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-zevent-signature": `mac=${mac}` },
          body: bytes,
        });
        // Bytes that no longer make JSON are refused before the signature is even looked at.
        expect([400, 401]).toContain(response.status);
      }),
      runs,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(zaloOa.sentTo("oa-forged")).toHaveLength(0);
  });
});
