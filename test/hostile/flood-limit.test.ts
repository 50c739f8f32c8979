import { afterEach, describe, expect, it } from "vitest";
import { createFloodLimiter } from "../../src/bot/core/flood-limit.js";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";

const FLOOD_SIZE = 50;
// A handful: the test configures a small burst so that "slowed" is unmistakable.
const limits = { FLOOD_MESSAGES_PER_MINUTE: "60", FLOOD_BURST: "5" };
// The burst, plus what refills while the flood is being handled (one a second).
const mostAnswered = (elapsedMs: number) => 5 + Math.ceil(elapsedMs / 1000);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the flood limiter", () => {
  function limiterAt(settings = { messagesPerMinute: 60, burst: 3 }) {
    const clock = { now: 0 };
    return { clock, limiter: createFloodLimiter(settings, () => clock.now) };
  }

  it("lets a burst through, then notifies once and ignores the rest until tokens refill", () => {
    const { clock, limiter } = limiterAt();
    const verdicts = Array.from({ length: 10 }, () => limiter.take("web:a"));
    expect(verdicts).toEqual(["handle", "handle", "handle", "notify", ...Array(6).fill("ignore")]);
    clock.now = 1000;
    expect(limiter.take("web:a")).toBe("handle");
    expect(limiter.take("web:a")).toBe("ignore");
  });

  it("sends the notice again only after the cool-down", () => {
    const { clock, limiter } = limiterAt({ messagesPerMinute: 1, burst: 1 });
    expect([limiter.take("k"), limiter.take("k")]).toEqual(["handle", "notify"]);
    clock.now = 59_000;
    expect(limiter.take("k")).toBe("ignore");
    clock.now = 60_000;
    expect(limiter.take("k")).toBe("handle");
    expect(limiter.take("k")).toBe("notify");
  });

  it("counts each person on their own", () => {
    const { limiter } = limiterAt({ messagesPerMinute: 60, burst: 1 });
    expect([limiter.take("telegram:1"), limiter.take("telegram:1")]).toEqual(["handle", "notify"]);
    expect(limiter.take("telegram:2")).toBe("handle");
    expect(limiter.take("web:1")).toBe("handle");
  });

  it("forgets people who have been quiet, so memory stays bounded", () => {
    const { clock, limiter } = limiterAt();
    for (let index = 0; index < 1000; index++) limiter.take(`web:${index}`);
    expect(limiter.size).toBe(1000);
    clock.now = 120_000;
    limiter.take("web:late");
    expect(limiter.size).toBe(1);
  });

  it("is off when the rate is 0", () => {
    const { limiter } = limiterAt({ messagesPerMinute: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => limiter.take("k")).every((verdict) => verdict === "handle")).toBe(true);
  });
});

describe("a person flooding the bot", () => {
  it("through the web chat: gets a handful of answers and one notice; another visitor gets every answer", async () => {
    const app = await startTestApp(limits);
    cleanups.push(() => app.close());
    const chat = async (body: Record<string, unknown>) => {
      const response = await fetch(`${app.baseUrl}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { sessionId: string; replies: { text: string }[] } };
    };
    const flooder = "flooding-visitor";
    const other = "calm-visitor";

    const started = Date.now();
    const otherAnswers: string[] = [];
    const calmVisitor = (async () => {
      for (let index = 0; index < 5; index++) otherAnswers.push(...(await chat({ sessionId: other, text: "/menu" })).body.replies.map((r) => r.text));
    })();
    const flood = await Promise.all(Array.from({ length: FLOOD_SIZE }, () => chat({ sessionId: flooder, text: "/menu" })));
    await calmVisitor;
    const elapsed = Date.now() - started;

    expect(flood.every((response) => response.status === 200)).toBe(true);
    const floodTexts = flood.flatMap((response) => response.body.replies.map((r) => r.text));
    const answered = floodTexts.filter((text) => text === texts.t("vi", "menu.title")).length;
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThanOrEqual(mostAnswered(elapsed));
    expect(floodTexts.filter((text) => text === texts.t("vi", "flood.slowDown"))).toHaveLength(1);
    expect(otherAnswers).toEqual(Array(5).fill(texts.t("vi", "menu.title")));
  });

  it("through the Telegram webhook: answers 200 to every update, a handful of answers and one notice", async () => {
    const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
    const secret = "test-webhook-secret-0123456789";
    const telegram = await new FakeTelegram({ token }).start();
    cleanups.push(() => telegram.stop());
    const app = await startTestApp({
      ...limits,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: telegram.url,
      PUBLIC_URL: "https://bot.example.vn",
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    cleanups.push(() => app.close());
    const deliver = (update: unknown) =>
      fetch(`${app.baseUrl}/webhooks/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(update),
      }).then((response) => response.status);

    const started = Date.now();
    const calmStatuses: number[] = [];
    const calmPerson = (async () => {
      for (let index = 0; index < 5; index++) calmStatuses.push(await deliver(telegram.textUpdate(2002, "/menu")));
    })();
    const floodStatuses = await Promise.all(Array.from({ length: FLOOD_SIZE }, () => deliver(telegram.textUpdate(2001, "/menu"))));
    await calmPerson;
    const elapsed = Date.now() - started;

    expect([...floodStatuses, ...calmStatuses].every((status) => status === 200)).toBe(true);
    const floodTexts = telegram.sentTo(2001).map((message) => message.text);
    const answered = floodTexts.filter((text) => text === texts.t("vi", "menu.title")).length;
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThanOrEqual(mostAnswered(elapsed));
    expect(floodTexts.filter((text) => text === texts.t("vi", "flood.slowDown"))).toHaveLength(1);
    expect(telegram.sentTo(2002).map((message) => message.text)).toEqual(Array(5).fill(texts.t("vi", "menu.title")));
  });

  it("answers a person in their own language when telling them to slow down", async () => {
    const app = await startTestApp({ FLOOD_MESSAGES_PER_MINUTE: "1", FLOOD_BURST: "1" });
    cleanups.push(() => app.close());
    const first = await app.core.handle({ channel: "web", userId: "english-speaker", action: "lang:en" });
    expect(first.locale).toBe("en");
    const second = await app.core.handle({ channel: "web", userId: "english-speaker", text: "/menu" });
    expect(second.replies).toEqual([{ text: texts.t("en", "flood.slowDown") }]);
  });
});
