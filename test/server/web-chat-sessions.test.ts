import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebChatSessionLimit } from "../../src/bot/channels/web/web-chat-sessions.js";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

describe("new web chat sessions per address, through the real server", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp({ WEB_CHAT_SESSIONS_PER_ADDRESS: "5", TRUSTED_PROXIES: "127.0.0.1" });
  });
  afterAll(async () => app?.close());

  async function chat(address: string, body: Record<string, unknown>) {
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  }

  it("refuses a sixth session from one address, new or with an invented id, with a clear 429, and keeps the others going", async () => {
    const sessions: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { status, body } = await chat("198.51.100.1", {});
      expect(status).toBe(200);
      sessions.push(body.sessionId);
    }
    const conversations = await app.database.prisma.conversation.count({ where: { channel: "web" } });

    const refused = await chat("198.51.100.1", {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.error).toMatch(/too many new chat sessions/);
    expect(refused.body.replies).toEqual([{ text: texts.t("vi", "web.tooManySessions") }]);
    for (let index = 0; index < 50; index++) {
      expect((await chat("198.51.100.1", { sessionId: `invented-session-${index}`, text: "xin chào" })).status).toBe(429);
    }
    expect(await app.database.prisma.conversation.count({ where: { channel: "web" } })).toBe(conversations);

    for (const sessionId of sessions) expect((await chat("198.51.100.1", { sessionId, text: "/menu" })).status).toBe(200);
    expect((await chat("198.51.100.2", {})).status).toBe(200);
  });
});

describe("the session limit's memory", () => {
  it("forgets sessions after the window, and an address may open new ones again", () => {
    const clock = { now: 0 };
    const limit = createWebChatSessionLimit({ perAddress: 2, windowMs: 60_000, now: () => clock.now });
    limit.record("10.0.0.1", "aaaaaaaa");
    limit.record("10.0.0.1", "bbbbbbbb");
    expect(limit.retryAfterSeconds("10.0.0.1", undefined)).toBe(60);
    expect(limit.retryAfterSeconds("10.0.0.1", "aaaaaaaa")).toBe(0);
    clock.now = 60_001;
    expect(limit.retryAfterSeconds("10.0.0.1", undefined)).toBe(0);
    expect(limit.trackedSessions()).toBe(0);
  });

  it("counts IPv6 addresses per /64, however they are written", () => {
    const limit = createWebChatSessionLimit({ perAddress: 2, windowMs: 60_000 });
    limit.record("2001:db8:1:2::1", "aaaaaaaa");
    limit.record("2001:0db8:0001:0002:ffff:1:2:3", "bbbbbbbb");
    expect(limit.retryAfterSeconds("2001:db8:1:2:abcd::9", undefined)).toBeGreaterThan(0);
    expect(limit.retryAfterSeconds("2001:db8:1:3::1", undefined)).toBe(0);
  });

  it("keeps at most maxSessions ids, dropping the least recently active addresses", () => {
    const limit = createWebChatSessionLimit({ perAddress: 1, windowMs: 3600_000, maxSessions: 1000 });
    const addressOf = (index: number) => `10.${index >> 16}.${(index >> 8) & 255}.${index & 255}`;
    for (let index = 0; index < 20_000; index++) limit.record(addressOf(index), `session-${index}`);
    expect(limit.trackedSessions()).toBeLessThanOrEqual(1000);
    expect(limit.retryAfterSeconds(addressOf(19_999), undefined)).toBeGreaterThan(0);
    expect(limit.retryAfterSeconds(addressOf(0), undefined)).toBe(0);
  });
});
