import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { registrationInput } from "../registrations/fixtures.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
const secret = "test-webhook-secret-0123456789";
const t = (key: string, params?: Record<string, string>) => texts.t("vi", key, params);
/** Outside the knowledge base: the bot falls back and offers staff. */
const outOfScope = "vay mua nhà trả góp lãi suất bao nhiêu";

let telegram: FakeTelegram;
let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let canThoOfficer: StaffClient;
let hueOfficer: StaffClient;
let hueCommuneOfficer: StaffClient;

beforeAll(async () => {
  telegram = await new FakeTelegram({ token }).start();
  app = await startTestApp({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: "https://bot.example.vn",
    TELEGRAM_WEBHOOK_SECRET: secret,
  });
  admin = await loginAs(app, { username: "admin" });
  canThoOfficer = await loginAs(app, { username: "can-tho", role: "province", provinceCode: "can-tho" });
  hueOfficer = await loginAs(app, { username: "hue", role: "province", provinceCode: "hue" });
  hueCommuneOfficer = await loginAs(app, { username: "huong-tra", role: "commune", provinceCode: "hue", communeName: "Phường Hương Trà" });
});
afterAll(async () => {
  await app.close();
  await telegram.stop();
});

/** One Telegram user talking to the bot through the webhook; each call returns what the bot sent. */
function telegramUser(chatId: number) {
  return async (input: { text: string } | { action: string }) => {
    const before = telegram.sentTo(chatId).length;
    const update = "text" in input ? telegram.textUpdate(chatId, input.text) : telegram.callbackUpdate(chatId, input.action);
    const response = await fetch(`${app.baseUrl}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
    return telegram.sentTo(chatId).slice(before);
  };
}

type WebReply = { text: string; buttons?: { label: string; action: string }[] };

/** One web chat visitor, keeping its session id as the page does. */
function webVisitor() {
  let sessionId: string | undefined;
  return {
    get sessionId() {
      return sessionId!;
    },
    async send(input: { text: string } | { action: string }): Promise<WebReply[]> {
      const response = await fetch(`${app.baseUrl}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...(sessionId ? { sessionId } : {}), ...input }),
      });
      const body = (await response.json()) as { sessionId: string; replies: WebReply[] };
      sessionId = body.sessionId;
      return body.replies;
    },
    async updates(after = 0) {
      const response = await fetch(`${app.baseUrl}/api/chat/updates?sessionId=${sessionId}&after=${after}`);
      return { status: response.status, body: (await response.json()) as { handoffOpen: boolean; messages: { id: number; text: string }[] } };
    },
  };
}

const buttonsOf = (message: { reply_markup?: { inline_keyboard: { callback_data: string }[][] } }) =>
  message.reply_markup?.inline_keyboard.flat().map((button) => button.callback_data) ?? [];

async function latestHandoffOf(channel: string, userId: string) {
  return app.database.prisma.handoff.findFirstOrThrow({ where: { channel, channelUserId: userId }, orderBy: { openedAt: "desc" } });
}

describe("asking staff through Telegram", () => {
  it("hands a question the bot could not answer to staff, who reply and close while the bot stays silent", async () => {
    const chat = 7101;
    const say = telegramUser(chat);
    const fallback = await say({ text: outOfScope });
    expect(buttonsOf(fallback.at(-1)!)).toContain("ho:asked");

    const confirmation = await say({ action: "ho:asked" });
    expect(confirmation.at(-1)!.text).toContain("giờ hành chính");
    expect(buttonsOf(confirmation.at(-1)!)).toEqual(["ho:yes", "ho:no"]);
    expect((await say({ action: "ho:yes" })).map((m) => m.text)).toEqual([t("handoff.opened.sent")]);
    // The question was already sent: what follows goes to staff without a word from the bot.
    expect(await say({ text: "Vay đi Nhật bao nhiêu?" })).toEqual([]);
    expect(await say({ text: "Số tôi 0912 345 678, <b>gọi giúp</b>" })).toEqual([]);

    const handoff = await latestHandoffOf("telegram", String(chat));
    const { body: list } = await admin.request("GET", "/api/admin/inbox?status=open");
    const listed = list.handoffs.find((item: { id: string }) => item.id === handoff.id);
    expect(listed).toMatchObject({ channel: "telegram", status: "open", unread: 2, lastMessage: { author: "citizen" } });

    const { status, body: detail } = await admin.request("GET", `/api/admin/inbox/${handoff.id}`);
    expect(status).toBe(200);
    expect(detail.messages.map((m: { author: string }) => m.author)).toEqual(["citizen", "bot", "citizen", "citizen"]);
    expect(detail.messages[0].text).toBe(outOfScope);
    expect(detail.messages[1].text).toContain("[fallback]");
    // Masked, and markup kept as plain text for the console to escape.
    expect(detail.messages[3].text).toBe("Số tôi [số đã ẩn], <b>gọi giúp</b>");

    const reply = await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Bạn liên hệ Phòng giao dịch NHCSXH xã nhé." });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ author: "staff", staffName: "admin", deliveryError: null });
    expect(reply.body.message.deliveredAt).not.toBeNull();
    expect(telegram.sentTo(chat).at(-1)!.text).toBe(t("handoff.fromStaff", { text: "Bạn liên hệ Phòng giao dịch NHCSXH xã nhé." }));
    expect((await admin.request("GET", "/api/admin/inbox?status=open")).body.handoffs.find((item: { id: string }) => item.id === handoff.id).unread).toBe(0);

    const closed = await admin.request("POST", `/api/admin/inbox/${handoff.id}/close`, { message: "Chúc bạn thành công." });
    expect(closed.status).toBe(200);
    expect(telegram.sentTo(chat).at(-1)!.text).toBe(t("handoff.fromStaff", { text: `Chúc bạn thành công.\n\n${t("handoff.closedByStaff")}` }));
    expect(await latestHandoffOf("telegram", String(chat))).toMatchObject({ status: "closed", closedBy: "staff:admin" });

    // The bot answers again.
    expect((await say({ text: outOfScope })).at(-1)!.text).toBe(t("kb.outOfScope"));
  });

  it("asks for the question when staff are asked from the menu, and acknowledges only the first message", async () => {
    const say = telegramUser(7102);
    await say({ text: "/canbo" });
    expect((await say({ action: "ho:yes" })).map((m) => m.text)).toEqual([t("handoff.opened.askQuestion")]);
    expect((await say({ text: "Tôi muốn hỏi về học tiếng Hàn" })).map((m) => m.text)).toEqual([t("handoff.received")]);
    expect(await say({ text: "Ở Huế có lớp không?" })).toEqual([]);
    // Commands still work; /huy then ends the handoff from the person's side.
    expect((await say({ text: "/huy" })).map((m) => m.text)).toEqual([t("handoff.ended")]);
    const handoff = await latestHandoffOf("telegram", "7102");
    expect(handoff).toMatchObject({ status: "closed", closedBy: "citizen" });
    expect((await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Chào bạn" })).status).toBe(409);
  });

  it("reuses the open handoff instead of opening a second one", async () => {
    const say = telegramUser(7103);
    await say({ text: "/canbo" });
    await say({ action: "ho:yes" });
    await say({ text: "/start" });
    expect((await say({ text: "/staff câu hỏi thêm" })).map((m) => m.text)).toEqual([t("handoff.received")]);
    expect(await app.database.prisma.handoff.count({ where: { channel: "telegram", channelUserId: "7103" } })).toBe(1);
  });

  it("ends the handoff with /cancel", async () => {
    const say = telegramUser(7104);
    await say({ text: "/canbo" });
    await say({ action: "ho:yes" });
    await say({ text: "/cancel" });
    expect(await latestHandoffOf("telegram", "7104")).toMatchObject({ status: "closed", closedBy: "citizen" });
  });

  it("records and shows staff why a reply could not be delivered", async () => {
    const say = telegramUser(7105);
    await say({ text: "/canbo xin hỏi" });
    await say({ action: "ho:yes" });
    telegram.blockedChats.add("7105");
    const handoff = await latestHandoffOf("telegram", "7105");
    const reply = await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Chào bạn" });
    expect(reply.status).toBe(201);
    expect(reply.body.message.deliveredAt).toBeNull();
    expect(reply.body.message.deliveryError).toMatch(/blocked/);
    const { body } = await admin.request("GET", `/api/admin/inbox/${handoff.id}`);
    expect(body.messages.at(-1).deliveryError).toMatch(/blocked/);
  });
});

describe("the staff inbox API", () => {
  async function openHandoffAbout(chatId: number, question: string) {
    const say = telegramUser(chatId);
    await say({ text: question });
    await say({ text: "/canbo" });
    await say({ action: "ho:yes" });
    return latestHandoffOf("telegram", String(chatId));
  }

  it("keeps a handoff to the province the person mentioned, for staff of that province", async () => {
    const handoff = await openHandoffAbout(7201, "Sóc Trăng có hỗ trợ tiền học tiếng không?");
    expect(handoff.provinceCode).toBe("can-tho");
    for (const officer of [hueOfficer, hueCommuneOfficer]) {
      const { body } = await officer.request("GET", "/api/admin/inbox");
      expect(body.handoffs.map((item: { id: string }) => item.id)).not.toContain(handoff.id);
      expect((await officer.request("GET", `/api/admin/inbox/${handoff.id}`)).status).toBe(404);
      expect((await officer.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Chào bạn" })).status).toBe(404);
      expect((await officer.request("POST", `/api/admin/inbox/${handoff.id}/close`, {})).status).toBe(404);
    }
    expect((await canThoOfficer.request("GET", `/api/admin/inbox/${handoff.id}`)).status).toBe(200);
  });

  it("takes the province and commune of a registered person from their registration", async () => {
    const chatId = 7301;
    const registered = await app.registrations.service.submit(
      registrationInput({ provinceCode: "hue", communeName: "Phường Hương Trà", communeKey: app.registrations.localities.communeKey("Phường Hương Trà") }),
      { channel: "telegram", userId: String(chatId) },
    );
    expect(registered.kind).toBe("created");
    const handoff = await openHandoffAbout(chatId, outOfScope);
    expect(handoff.provinceCode).toBe("hue");
    const otherCommune = await loginAs(app, { username: "phu-vang", role: "commune", provinceCode: "hue", communeName: "Xã Phú Vang" });
    for (const officer of [canThoOfficer, otherCommune]) {
      const { body } = await officer.request("GET", "/api/admin/inbox?limit=200");
      expect(body.handoffs.map((item: { id: string }) => item.id)).not.toContain(handoff.id);
      expect((await officer.request("GET", `/api/admin/inbox/${handoff.id}`)).status).toBe(404);
      expect((await officer.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Chào bạn" })).status).toBe(404);
      expect((await officer.request("POST", `/api/admin/inbox/${handoff.id}/close`, {})).status).toBe(404);
    }
    for (const officer of [hueOfficer, hueCommuneOfficer]) {
      expect((await officer.request("GET", `/api/admin/inbox/${handoff.id}`)).status).toBe(200);
    }
  });

  it("prefers the registration's province to one mentioned in a question", async () => {
    const chatId = 7302;
    await app.registrations.service.submit(
      registrationInput({ provinceCode: "hue", communeName: "Phường Hương Trà", communeKey: app.registrations.localities.communeKey("Phường Hương Trà") }),
      {
        channel: "telegram",
        userId: String(chatId),
      },
    );
    const handoff = await openHandoffAbout(chatId, "Sóc Trăng có hỗ trợ tiền học tiếng không?");
    expect(handoff.provinceCode).toBe("hue");
    expect((await canThoOfficer.request("GET", `/api/admin/inbox/${handoff.id}`)).status).toBe(404);
  });

  it("shows handoffs of an unknown province to every officer", async () => {
    const handoff = await openHandoffAbout(7202, outOfScope);
    expect(handoff.provinceCode).toBeNull();
    expect((await hueCommuneOfficer.request("GET", "/api/admin/inbox")).body.handoffs.map((item: { id: string }) => item.id)).toContain(handoff.id);
    expect((await hueCommuneOfficer.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Chào bạn" })).status).toBe(201);
  });

  it("lists open handoffs before closed ones, newest first", async () => {
    const older = await openHandoffAbout(7203, outOfScope);
    const newer = await openHandoffAbout(7204, outOfScope);
    await admin.request("POST", `/api/admin/inbox/${newer.id}/close`, {});
    const ids = (await admin.request("GET", "/api/admin/inbox?limit=200")).body.handoffs.map((item: { id: string }) => item.id);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    const closedOnly = (await admin.request("GET", "/api/admin/inbox?status=closed")).body.handoffs;
    expect(closedOnly.every((item: { status: string }) => item.status === "closed")).toBe(true);
    expect(closedOnly.map((item: { id: string }) => item.id)).toContain(newer.id);
  });

  it("audits views, replies and closes without the messages' text", async () => {
    const handoff = await openHandoffAbout(7205, outOfScope);
    await admin.request("GET", `/api/admin/inbox/${handoff.id}`);
    await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Nội dung riêng tư" });
    await admin.request("POST", `/api/admin/inbox/${handoff.id}/close`, { message: "Lời chào riêng tư" });
    const events = await app.database.prisma.auditEvent.findMany({ where: { targetType: "handoff", targetId: handoff.id }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["handoff.view", "handoff.reply", "handoff.close"]);
    expect(JSON.stringify(events)).not.toMatch(/riêng tư/);
  });

  it("refuses an empty or too long reply and a second close", async () => {
    const handoff = await openHandoffAbout(7206, outOfScope);
    expect((await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "  " })).status).toBe(400);
    expect((await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "a".repeat(2001) })).status).toBe(400);
    expect((await admin.request("POST", `/api/admin/inbox/${handoff.id}/close`, {})).status).toBe(200);
    expect((await admin.request("POST", `/api/admin/inbox/${handoff.id}/close`, {})).status).toBe(409);
  });

  it("needs a login", async () => {
    expect((await fetch(`${app.baseUrl}/api/admin/inbox`)).status).toBe(401);
  });
});

describe("asking staff through the web chat", () => {
  it("delivers staff replies to the page when it asks for updates, and the bot answers again after closing", async () => {
    const visitor = webVisitor();
    await visitor.send({ text: "/canbo Tôi cần hỏi về hợp đồng" });
    expect((await visitor.send({ action: "ho:yes" }))[0]!.text).toBe(t("handoff.opened.sent"));
    expect(await visitor.send({ text: "Hợp đồng 3 năm" })).toEqual([]);
    expect((await visitor.updates()).body).toEqual({ handoffOpen: true, messages: [] });

    const handoff = await latestHandoffOf("web", visitor.sessionId);
    const reply = await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Bạn gửi ảnh hợp đồng cho xã." });
    // Not delivered until the page fetches it.
    expect(reply.body.message.deliveredAt).toBeNull();
    const { body } = await visitor.updates();
    expect(body.messages.map((m) => m.text)).toEqual([t("handoff.fromStaff", { text: "Bạn gửi ảnh hợp đồng cho xã." })]);
    const { body: detail } = await admin.request("GET", `/api/admin/inbox/${handoff.id}`);
    expect(detail.messages.at(-1).deliveredAt).not.toBeNull();

    await admin.request("POST", `/api/admin/inbox/${handoff.id}/close`, {});
    const afterClose = (await visitor.updates(body.messages[0]!.id)).body;
    expect(afterClose.handoffOpen).toBe(false);
    expect(afterClose.messages.map((m) => m.text)).toEqual([t("handoff.fromStaff", { text: t("handoff.closedByStaff") })]);
    expect((await visitor.send({ text: outOfScope }))[0]!.text).toBe(t("kb.outOfScope"));
  });

  it("gives the page only its own visitor's staff messages", async () => {
    const visitor = webVisitor();
    await visitor.send({ text: "/canbo Xin chào" });
    await visitor.send({ action: "ho:yes" });
    const handoff = await latestHandoffOf("web", visitor.sessionId);
    await admin.request("POST", `/api/admin/inbox/${handoff.id}/reply`, { text: "Chỉ cho người này" });
    const stranger = webVisitor();
    await stranger.send({ text: "/start" });
    expect((await stranger.updates()).body).toEqual({ handoffOpen: false, messages: [] });
  });

  it("answers 400 to an updates request without a valid session id", async () => {
    expect((await fetch(`${app.baseUrl}/api/chat/updates?sessionId=x`)).status).toBe(400);
  });

  it("shows staff the last six exchanges before the handoff, masked", async () => {
    const visitor = webVisitor();
    for (let index = 1; index <= 7; index++) await visitor.send({ text: `${outOfScope} ${index} gọi 0912345678` });
    await visitor.send({ text: "/canbo" });
    await visitor.send({ action: "ho:yes" });
    const handoff = await latestHandoffOf("web", visitor.sessionId);
    const { body } = await admin.request("GET", `/api/admin/inbox/${handoff.id}`);
    const questions = body.messages.filter((m: { author: string }) => m.author === "citizen").map((m: { text: string }) => m.text);
    expect(questions).toEqual([2, 3, 4, 5, 6, 7].map((index) => `${outOfScope} ${index} gọi [số đã ẩn]`));
  });
});
