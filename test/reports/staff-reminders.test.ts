import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramPushSender } from "../../src/bot/channels/telegram/index.js";
import { contentDir } from "../../src/paths.js";
import { loadPlans } from "../../src/plans/index.js";
import { createReminderDelivery, remindersDue } from "../../src/reports/index.js";
import { createStaffChatLinks } from "../../src/staff/chat-links.js";
import type { OutboundSender } from "../../src/shared/index.js";
import { reminderText } from "../../src/app/reminders.js";
import { startTestApp } from "../helpers/app.js";
import { loginAs, staffPassword, type StaffClient } from "../helpers/staff.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
const secret = "test-webhook-secret-0123456789";
const plans = loadPlans(path.join(contentDir, "plans", "plans.yaml"), (code) => ["can-tho", "hue"].includes(code));

let telegram: FakeTelegram;
let app: Awaited<ReturnType<typeof startTestApp>>;
let canTho: StaffClient;
let hue: StaffClient;
let admin: StaffClient;

beforeAll(async () => {
  telegram = await new FakeTelegram({ token }).start();
  app = await startTestApp({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: "https://bot.example.vn",
    TELEGRAM_WEBHOOK_SECRET: secret,
  });
  canTho = await loginAs(app, { username: "can-bo-can-tho", displayName: "Trần Thị Cần Thơ", role: "province", provinceCode: "can-tho" });
  hue = await loginAs(app, { username: "can-bo-hue", displayName: "Lê Văn Huế", role: "province", provinceCode: "hue" });
  admin = await loginAs(app, { username: "quan-tri", displayName: "Quản trị", role: "admin" });
});
afterAll(async () => {
  await app.close();
  await telegram.stop();
});

async function send(chatId: number, text: string) {
  const response = await fetch(`${app.baseUrl}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(telegram.textUpdate(chatId, text)),
  });
  expect(response.status).toBe(200);
  return telegram.sentTo(chatId).at(-1)!.text;
}

async function link(client: StaffClient, chatId: number) {
  const issued = await client.request("POST", "/api/admin/me/chat-links/code");
  expect(issued.status).toBe(200);
  expect(issued.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  // Typed on a phone: lower case, a space instead of the dash.
  return send(chatId, `/lienket ${issued.body.code.toLowerCase().replace("-", " ")}`);
}

describe("linking a staff member's Telegram chat", () => {
  it("links the chat that sends the console's code, once, and lists it for that account only", async () => {
    const issued = await canTho.request("POST", "/api/admin/me/chat-links/code");
    expect(await send(5001, `/lienket ${issued.body.code}`)).toContain("Trần Thị Cần Thơ");
    // Spent: the same code from another chat links nothing.
    expect(await send(5002, `/lienket ${issued.body.code}`)).toContain("Mã không đúng hoặc đã hết hạn");
    const mine = await canTho.request("GET", "/api/admin/me/chat-links");
    expect(mine.body.links).toEqual([expect.objectContaining({ channel: "telegram" })]);
    expect(JSON.stringify(mine.body)).not.toContain("5001");
    expect((await hue.request("GET", "/api/admin/me/chat-links")).body.links).toEqual([]);
    // Another account cannot remove it.
    expect((await hue.request("DELETE", `/api/admin/me/chat-links/${mine.body.links[0].id}`)).status).toBe(404);
    expect((await canTho.request("GET", "/api/admin/me/chat-links")).body.links).toHaveLength(1);
  });

  it("refuses a wrong or malformed code and explains the command to whoever types it bare", async () => {
    expect(await send(5003, "/lienket ABCD-EFGH")).toContain("Mã không đúng hoặc đã hết hạn");
    expect(await send(5003, "/lienket 123")).toContain("Mã không đúng hoặc đã hết hạn");
    expect(await send(5003, "/lienket")).toContain("dành cho cán bộ");
  });

  it("cannot link the web chat, which cannot receive reminders, and says so", async () => {
    const issued = await hue.request("POST", "/api/admin/me/chat-links/code");
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId: "web-staff-0001", text: `/lienket ${issued.body.code}` }),
    });
    const { replies } = (await response.json()) as { replies: { text: string }[] };
    expect(replies[0]!.text).toContain("không nhận được tin nhắc");
    expect((await hue.request("GET", "/api/admin/me/chat-links")).body.links).toEqual([]);
  });

  it("makes an earlier code of the account stop working when a new one is issued", async () => {
    const first = await hue.request("POST", "/api/admin/me/chat-links/code");
    const second = await hue.request("POST", "/api/admin/me/chat-links/code");
    expect(await send(5004, `/lienket ${first.body.code}`)).toContain("Mã không đúng");
    expect(await send(5004, `/lienket ${second.body.code}`)).toContain("Lê Văn Huế");
  });

  it("lets a code expire after its 15 minutes", async () => {
    let clock = new Date("2026-12-03T08:00:00Z");
    const links = createStaffChatLinks({ prisma: app.database.prisma, audit: app.staff.audit, now: () => clock });
    const account = await app.staff.accounts.create({ username: "can-bo-xa", displayName: "Cán bộ xã", password: staffPassword, role: "admin" });
    const late = await links.issueCode(account.accountId!);
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect(await links.redeem(late.code, { channel: "telegram", userId: "5005" })).toEqual({ linked: false, reason: "unknown-code" });
    const inTime = await links.issueCode(account.accountId!);
    clock = new Date(clock.getTime() + 14 * 60_000);
    expect(await links.redeem(inTime.code, { channel: "telegram", userId: "5005" })).toEqual({ linked: true, displayName: "Cán bộ xã" });
    const [linked] = await links.linksOf(account.accountId!);
    expect(await links.unlink(account.accountId!, linked!.id)).toBe(true);
  });

  it("records linking and unlinking in the audit log, without the chat's id", async () => {
    const links = (await hue.request("GET", "/api/admin/me/chat-links")).body.links;
    expect((await hue.request("DELETE", `/api/admin/me/chat-links/${links[0].id}`)).status).toBe(200);
    expect((await hue.request("GET", "/api/admin/me/chat-links")).body.links).toEqual([]);
    const events = (await admin.request("GET", "/api/admin/audit?actor=staff:can-bo-hue")).body.events.map((event: { action: string }) => event.action);
    expect(events).toEqual(expect.arrayContaining(["chat-link.code", "chat-link.add", "chat-link.remove"]));
    expect(JSON.stringify((await admin.request("GET", "/api/admin/audit")).body)).not.toContain("5004");
  });
});

describe("reporting reminders to linked chats", () => {
  it("reach the staff of the plan's province and admins, once per chat, with a link to the prepared report", async () => {
    await link(hue, 6001);
    await link(admin, 6002);
    // 2026-12-03: the Sóc Trăng plan's monthly list and yearly report (10/12, Cần Thơ) are 7 days ahead; nothing of Huế's is.
    const due = remindersDue(plans, "2026-12-03", [7, 2]);
    expect(due.map((reminder) => [reminder.provinceCode, reminder.period])).toEqual([
      ["can-tho", "2026-11"],
      ["can-tho", "2026"],
    ]);
    const telegramSender = createTelegramPushSender({ token, apiRoot: telegram.url });
    const delivery = (senders: OutboundSender[]) =>
      createReminderDelivery({
        due: () => due,
        chats: () => app.staff.chatLinks.linkedChats(),
        ledger: app.staff.reminderLedger,
        senders: () => senders,
        message: (reminder) => `${reminder.planName}: https://bot.example.vn/admin/#/reports/${reminder.plan}/${reminder.period}`,
      });

    // Telegram down: nothing sent, nothing spent.
    const failing: OutboundSender = { channel: "telegram", sendText: async () => ({ status: "failed", retry: "transient", reason: "down" }) };
    expect(await delivery([failing]).deliverDue()).toEqual({ sent: 0, notSent: 4, alreadySent: 0 });

    // Two instances at once: each chat gets it exactly once.
    const runs = await Promise.all([delivery([telegramSender]).deliverDue(), delivery([telegramSender]).deliverDue()]);
    expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(4);
    expect(await delivery([telegramSender]).deliverDue()).toEqual({ sent: 0, notSent: 0, alreadySent: 4 });

    for (const chat of [5001, 6002]) {
      const texts = telegram.sentTo(chat).map((message) => message.text);
      for (const period of ["2026-11", "2026"]) {
        expect(texts.filter((text) => text.endsWith(`/admin/#/reports/nq02-2023-soc-trang/${period}`))).toHaveLength(1);
      }
    }
    // Huế's officer is not concerned by Cần Thơ's plan.
    expect(telegram.sentTo(6001).some((message) => message.text.includes("/admin/#/reports/"))).toBe(false);
  });

  it("stop for a chat that was unlinked", async () => {
    const links = (await canTho.request("GET", "/api/admin/me/chat-links")).body.links;
    await canTho.request("DELETE", `/api/admin/me/chat-links/${links[0].id}`);
    const chats = await app.staff.chatLinks.linkedChats();
    expect(chats.map((chat) => chat.channelUserId).sort()).toEqual(["6001", "6002"]);
  });
});

describe("the reminder text", () => {
  const periodLabel = (period: string) => (period === "2026" ? "Năm 2026" : period);
  it("names the plan, the deadline, the days left and the period, with the report's address", () => {
    const reminder = remindersDue(plans, "2026-12-03", [7]).find((due) => due.period === "2026")!;
    const text = reminderText(reminder, { texts: app.core.texts, periodLabel, publicUrl: "https://bot.example.vn" });
    expect(text).toContain(reminder.planName);
    expect(text).toContain("hạn 10/12/2026 (còn 7 ngày)");
    expect(text).toContain("kỳ năm 2026");
    expect(text).toContain("https://bot.example.vn/admin/#/reports/nq02-2023-soc-trang/2026");
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it("says it is due today on the day, and where to look without a public address", () => {
    const reminder = remindersDue(plans, "2026-12-10", [0])[0]!;
    const text = reminderText(reminder, { texts: app.core.texts, periodLabel });
    expect(text).toContain("Hôm nay là hạn báo cáo");
    expect(text).toContain("trang quản trị → Báo cáo");
  });
});
