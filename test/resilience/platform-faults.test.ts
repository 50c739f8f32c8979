import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { waitFor } from "../helpers/processes.js";
import { subscribe } from "../announcements/support.js";
import { HangingProxy } from "./support/hanging-proxy.js";
import { adminRequest, announce, deliverUpdate, startFakeTelegram, telegramWebhookEnv } from "./support/telegram-app.js";
import { texts } from "../helpers/core.js";
import type { FakeTelegram } from "../fakes/fake-telegram.js";

// Slow (about 60 s in all): grammY's retry back-off (3 s, then 6 s), the announcement back-off
// (2 s, then 4 s) and the request timeouts (10 s for replies, 15 s for announcements) are real time.

let telegram: FakeTelegram;
let proxy: HangingProxy;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  // Every call goes through the proxy, which passes it on unless a test asks it to hang.
  proxy = await new HangingProxy(telegram.url).start();
  app = await startTestApp({ ...telegramWebhookEnv(proxy.url), ANNOUNCEMENT_MAX_ATTEMPTS: "3" });
});
afterAll(async () => {
  await app?.close();
  await proxy?.stop();
  await telegram?.stop();
});

const menuTitle = texts.t("vi", "menu.title");
const apology = texts.t("vi", "error.generic");
const sendCallsTo = (chat: number) => telegram.calls.filter((call) => call.method === "sendMessage" && String(call.body.chat_id) === String(chat)).length;
const reportOf = async (id: string) => (await adminRequest(app.baseUrl, "GET", `/api/admin/announcements/${id}`)).body;

describe("replies when the Bot API answers 5xx", () => {
  it("retries a reply that got a 500 and delivers it exactly once", async () => {
    telegram.failNext("sendMessage", 500, { description: "Internal Server Error" });
    expect(await deliverUpdate(app.baseUrl, telegram.textUpdate(801, "/menu"))).toBe(200);
    expect(telegram.sentTo(801).map((message) => message.text)).toEqual([menuTitle]);
    expect(sendCallsTo(801)).toBe(2);
  });

  it("gives up after two retries, answers the webhook, and apologises once", async () => {
    for (let i = 0; i < 3; i++) telegram.failNext("sendMessage", 502, { description: "Bad Gateway" });
    expect(await deliverUpdate(app.baseUrl, telegram.textUpdate(802, "/menu"))).toBe(200);
    // Three tries of the reply, then the apology, which goes through.
    expect(sendCallsTo(802)).toBe(4);
    expect(telegram.sentTo(802).map((message) => message.text)).toEqual([apology]);
  });
});

describe("replies when the Bot API does not answer", () => {
  it("answers the webhook after the request timeout without sending the reply twice", async () => {
    // The reply reaches Telegram but its answer is lost: sending it again would duplicate it.
    const hungBefore = proxy.hung.length;
    proxy.hangNext("/sendMessage", { afterForwarding: true });
    expect(await deliverUpdate(app.baseUrl, telegram.textUpdate(803, "/menu"))).toBe(200);
    expect(proxy.hung.length - hungBefore).toBe(1);
    expect(telegram.sentTo(803).filter((message) => message.text === menuTitle)).toHaveLength(1);
  });
});

describe("announcement deliveries when the Bot API fails", () => {
  it("retries 5xx with back-off until each subscriber has it exactly once", async () => {
    await subscribe(app.database.prisma, [{ userId: "901" }, { userId: "902" }, { userId: "903" }]);
    telegram.failNext("sendMessage", 500);
    telegram.failNext("sendMessage", 503);
    const id = await announce(app.baseUrl, "Lịch thi tiếng Nhật tháng 12");
    await waitFor(async () => (await reportOf(id)).status === "completed");
    const report = await reportOf(id);
    expect(report.deliveries).toMatchObject({ sent: 3, failed: 0, queued: 0, sending: 0 });
    for (const chat of [901, 902, 903]) expect(telegram.sentTo(chat)).toHaveLength(1);
    expect([901, 902, 903].map(sendCallsTo).reduce((a, b) => a + b)).toBe(5);
  });

  it("records a delivery as failed once its attempts are used up", async () => {
    await subscribe(app.database.prisma, [{ userId: "911", topic: "korea" }]);
    for (let i = 0; i < 3; i++) telegram.failNext("sendMessage", 500);
    const id = await announce(app.baseUrl, "Hội chợ việc làm", "korea");
    await waitFor(async () => (await reportOf(id)).status === "completed");
    const report = await reportOf(id);
    expect(report.deliveries).toMatchObject({ sent: 0, failed: 1, queued: 0, sending: 0 });
    expect(sendCallsTo(911)).toBe(3);
    expect(telegram.sentTo(911)).toHaveLength(0);
  });

  it("times out a send that hangs and retries it", async () => {
    await subscribe(app.database.prisma, [{ userId: "921", topic: "scam-alerts" }]);
    const hungBefore = proxy.hung.length;
    proxy.hangNext("/sendMessage");
    const id = await announce(app.baseUrl, "Cảnh báo lừa đảo", "scam-alerts");
    await waitFor(async () => (await reportOf(id)).status === "completed", 40_000);
    expect(proxy.hung.length - hungBefore).toBe(1);
    expect(telegram.sentTo(921).map((message) => message.text)).toEqual([`Cảnh báo lừa đảo\n\n${texts.t("vi", "ann.footer")}`]);
  }, 60_000);
});
