import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUnsubscribeReply } from "../../src/bot/features/subscriptions.js";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

const t = (key: string, params?: Record<string, string>) => texts.t("vi", key, params);

let people = 0;

/**
 * A person on Telegram, talking to the real core of the app: the web chat cannot push
 * announcements and sends subscribers to Telegram or Zalo (tested at the end).
 */
async function newSession() {
  const sessionId = `sub-${++people}`;
  const send = async (input: { text?: string; action?: string }) => (await app.core.handle({ channel: "telegram", userId: sessionId, ...input })).replies;
  const [menu] = await send({ text: "/start" });
  return { sessionId, menu: menu!, send };
}

const subscriptionsOf = (sessionId: string) =>
  app.database.prisma.subscription.findMany({ where: { channel: "telegram", channelUserId: sessionId }, orderBy: { topic: "asc" } });

describe("subscribing through the chat", () => {
  it("offers 🔔 Nhận thông báo in the main menu", async () => {
    const chat = await newSession();
    expect(chat.menu.buttons).toContainEqual({ label: t("ann.menu"), action: "ann:menu" });
  });

  it("/theodoi toggles topics with buttons, asks for a locality and records consent with how it was given", async () => {
    const chat = await newSession();
    const [question] = await chat.send({ text: "/theodoi" });
    expect(question!.text).toBe(t("ann.topics.ask", { selected: t("ann.topics.none") }));
    expect(question!.buttons!.map((button) => button.action)).toContain("sub:t:japan");
    await chat.send({ action: "sub:t:japan" });
    await chat.send({ action: "sub:t:korea" });
    const [toggled] = await chat.send({ action: "sub:t:korea" });
    expect(toggled!.buttons).toContainEqual({ label: `✅ ${t("ann.topic.japan")}`, action: "sub:t:japan" });
    expect(toggled!.buttons).toContainEqual({ label: t("ann.topic.korea"), action: "sub:t:korea" });
    await chat.send({ action: "sub:t:scam-alerts" });
    const [locality] = await chat.send({ action: "sub:done" });
    expect(locality!.text).toBe(t("ann.locality.ask"));
    const [unknown] = await chat.send({ text: "Gotham" });
    expect(unknown!.text).toBe(t("ann.locality.unknown", { text: "Gotham" }));
    const [done] = await chat.send({ text: "Thừa Thiên Huế" });
    expect(done!.text).toBe(t("ann.subscribed", { topics: `${t("ann.topic.japan")}, ${t("ann.topic.scam-alerts")}`, locality: "Huế" }));
    const rows = await subscriptionsOf(chat.sessionId);
    expect(rows.map((row) => [row.topic, row.locality, row.active, row.consentMethod])).toEqual([
      ["japan", "hue", true, "command /theodoi"],
      ["scam-alerts", "hue", true, "command /theodoi"],
    ]);
    expect(rows.every((row) => Date.now() - row.consentAt.getTime() < 60_000)).toBe(true);
  });

  it("asks for at least one topic before going on", async () => {
    const chat = await newSession();
    await chat.send({ action: "ann:menu" });
    const [warning] = await chat.send({ action: "sub:done" });
    expect(warning!.text).toBe(t("ann.topics.empty"));
  });

  it("records a subscription from the menu, for the whole country, as given through the menu", async () => {
    const chat = await newSession();
    await chat.send({ action: "ann:menu" });
    await chat.send({ action: "sub:t:loans-and-support" });
    await chat.send({ action: "sub:done" });
    const [done] = await chat.send({ action: "sub:loc:all" });
    expect(done!.text).toContain(t("ann.locality.everywhere"));
    expect(await subscriptionsOf(chat.sessionId)).toMatchObject([{ topic: "loans-and-support", locality: null, consentMethod: "menu 🔔 Nhận thông báo" }]);
  });

  it("records the offer after a registration as the way consent was given", async () => {
    const chat = await newSession();
    await chat.send({ action: "ann:offer" });
    await chat.send({ action: "sub:t:recruitment-and-job-fairs" });
    await chat.send({ action: "sub:done" });
    await chat.send({ action: "sub:loc:all" });
    expect((await subscriptionsOf(chat.sessionId))[0]!.consentMethod).toBe("offered after registration");
  });

  async function subscribedTo(topicActions: string[]) {
    const chat = await newSession();
    await chat.send({ text: "/theodoi" });
    for (const action of topicActions) await chat.send({ action });
    await chat.send({ action: "sub:done" });
    await chat.send({ action: "sub:loc:all" });
    return chat;
  }

  it("/huytheodoi stops one topic and keeps the others", async () => {
    const chat = await subscribedTo(["sub:t:japan", "sub:t:korea"]);
    const [choice] = await chat.send({ text: "/huytheodoi" });
    expect(choice!.buttons!.map((button) => button.action)).toEqual(["ann:u:japan", "ann:u:korea", "ann:u:*"]);
    const [done] = await chat.send({ action: "ann:u:japan" });
    expect(done!.text).toBe(t("ann.unsubscribe.one", { topic: t("ann.topic.japan"), remaining: t("ann.topic.korea") }));
    const rows = await subscriptionsOf(chat.sessionId);
    expect(rows.map((row) => [row.topic, row.active])).toEqual([
      ["japan", false],
      ["korea", true],
    ]);
    expect(rows[0]!.unsubscribedAt).not.toBeNull();
  });

  it("replying HỦY stops every topic at once", async () => {
    const chat = await subscribedTo(["sub:t:japan", "sub:t:taiwan"]);
    const [done] = await chat.send({ text: "HỦY" });
    expect(done!.text).toBe(t("ann.unsubscribe.done"));
    expect((await subscriptionsOf(chat.sessionId)).every((row) => !row.active)).toBe(true);
  });

  it("says so when there is nothing to unsubscribe from", async () => {
    const chat = await newSession();
    const [reply] = await chat.send({ text: "/huytheodoi" });
    expect(reply!.text).toBe(t("ann.unsubscribe.none"));
  });

  it("recognises the stop word with or without diacritics, and nothing else", () => {
    for (const text of ["HỦY", "huỷ", "huy", "Hủy.", "hủy theo dõi"]) expect(isUnsubscribeReply(text)).toBe(true);
    for (const text of ["hủy đăng ký vay", "huyện", "Huế"]) expect(isUnsubscribeReply(text)).toBe(false);
  });

  it("says on the web chat that announcements come by Telegram or Zalo, with their links, and records nothing", async () => {
    const web = await startTestApp({ PUBLIC_TELEGRAM_URL: "https://t.me/xkld_demo_bot", PUBLIC_ZALO_URL: "https://zalo.me/1234567890" });
    try {
      const chat = async (body: Record<string, unknown>) =>
        (await (
          await fetch(`${web.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
        ).json()) as {
          sessionId: string;
          replies: { text: string }[];
        };
      const { sessionId } = await chat({});
      for (const input of [{ action: "ann:menu" }, { text: "/theodoi" }, { action: "ann:offer" }]) {
        const { replies } = await chat({ sessionId, ...input });
        expect(replies[0]!.text).toBe(t("ann.web.elsewhere", { links: "• Telegram: https://t.me/xkld_demo_bot\n• Zalo: https://zalo.me/1234567890" }));
      }
      expect(await web.database.prisma.subscription.count({ where: { channelUserId: sessionId } })).toBe(0);
    } finally {
      await web.close();
    }
  });
});
