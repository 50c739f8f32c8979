import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseOptions } from "../../src/db/index.js";
import { startTestApp } from "../helpers/app.js";
import { freshDatabaseOptions, testDatabaseKind } from "../helpers/database.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { adminToken, citizenIdBornIn1995Male, completeAnswers, t, testKeyBase64, type Input } from "./fixtures.js";

const env = { REGISTRATION_ENCRYPTION_KEY: testKeyBase64, ADMIN_API_TOKEN: adminToken };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(extraEnv: Record<string, string> = {}, databaseOptions?: DatabaseOptions) {
  const started = await startTestApp({ ...env, ...extraEnv }, databaseOptions);
  cleanups.push(() => started.close());
  return started;
}

/** A database that outlives one app instance: a data folder, or a PostgreSQL database. */
async function durableDatabase(): Promise<DatabaseOptions> {
  if (testDatabaseKind === "postgres") {
    const fresh = await freshDatabaseOptions();
    cleanups.push(() => fresh.drop());
    return fresh.options;
  }
  return { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "xkld-reg-")) };
}

type WebReply = { text: string; buttons?: { action: string }[] };

/** One visitor of the web chat; the session id is kept like the page keeps it. */
function visitor() {
  let sessionId: string | undefined;
  return async (baseUrl: string, input: Input | Record<string, never> = {}): Promise<WebReply[]> => {
    const response = await fetch(`${baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...(sessionId ? { sessionId } : {}), ...input }),
    });
    const body = (await response.json()) as { sessionId: string; replies: WebReply[] };
    sessionId = body.sessionId;
    return body.replies;
  };
}

describe("registration through the web chat API", () => {
  it("takes the whole form and saves it with a reference code", async () => {
    const server = await app();
    const send = visitor();
    await send(server.baseUrl);
    expect((await send(server.baseUrl, { text: "/dangky" }))[0]!.text).toContain("Trước khi bắt đầu");
    await send(server.baseUrl, { action: "reg:c:yes" });
    for (const input of completeAnswers(citizenIdBornIn1995Male())) await send(server.baseUrl, input);
    const saved = await send(server.baseUrl, { action: "reg:confirm" });
    const code = /DK-[A-Z2-9]{6}/.exec(saved[0]!.text)![0];
    expect(await server.database.prisma.registration.findUnique({ where: { referenceCode: code } })).toMatchObject({ channel: "web", status: "submitted" });
  });

  it("continues the form in a new app instance on the same database, as after a restart", async () => {
    const database = await durableDatabase();
    const send = visitor();
    const first = await startTestApp(env, database);
    await send(first.baseUrl, { text: "/dangky" });
    await send(first.baseUrl, { action: "reg:c:yes" });
    for (const input of completeAnswers(citizenIdBornIn1995Male()).slice(0, 5)) await send(first.baseUrl, input);
    await first.close();

    const second = await app({}, database);
    expect((await send(second.baseUrl, { text: "0912 345 678" })).at(-1)!.text).toContain(t("reg.ask.province"));
    // And after /start in the new instance, the draft is offered.
    await send(second.baseUrl, { text: "/start" });
    const offer = await send(second.baseUrl, { action: "flow:reg" });
    expect(offer[0]!.buttons!.map((b) => b.action)).toEqual(["reg:resume", "reg:restart", "reg:stop"]);
    expect((await send(second.baseUrl, { action: "reg:resume" }))[0]!.text).toContain(t("reg.ask.province"));
  });
});

describe("registration through Telegram", () => {
  it("takes the whole form against the fake Bot API and answers in HTML with buttons", async () => {
    const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
    const secret = "test-webhook-secret-0123456789";
    const telegram = await new FakeTelegram({ token }).start();
    cleanups.push(() => telegram.stop());
    const server = await app({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: telegram.url,
      PUBLIC_URL: "https://bot.example.vn",
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    const chat = 7001;
    const deliver = async (input: Input) => {
      const update = "text" in input ? telegram.textUpdate(chat, input.text) : telegram.callbackUpdate(chat, input.action);
      const response = await fetch(`${server.baseUrl}/webhooks/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(200);
    };
    await deliver({ text: "/dangky" });
    const consent = telegram.sentTo(chat).at(-1)!;
    expect(consent.parse_mode).toBe("HTML");
    expect(consent.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(["reg:c:yes", "reg:c:no"]);
    await deliver({ action: "reg:c:yes" });
    const citizenId = citizenIdBornIn1995Male();
    await deliver(completeAnswers(citizenId)[0]!);
    // Markup in a name is refused, and never sent back as markup.
    await deliver({ text: "<b>Lò Văn Páo</b>" });
    expect(telegram.sentTo(chat).at(-1)!.text).toContain(t("reg.error.fullName.format"));
    await deliver({ text: "Lò Văn Páo" });
    for (const input of completeAnswers(citizenId).slice(2)) await deliver(input);
    await deliver({ action: "reg:confirm" });
    const saved = telegram.sentTo(chat).at(-1)!.text;
    expect(saved).toMatch(/DK-[A-Z2-9]{6}/);
    for (const message of telegram.sentTo(chat)) expect(message.text).not.toContain(citizenId);
    await deliver({ text: "/trangthai" });
    expect(telegram.sentTo(chat).some((m) => m.text.includes("Lò Văn Páo") && m.text.includes(`*********${citizenId.slice(-3)}`))).toBe(true);
  });
});

describe("the monthly list admin API", () => {
  const url = (server: { baseUrl: string }, query: string) => `${server.baseUrl}/api/admin/registrations/monthly-list?${query}`;
  const auth = { authorization: `Bearer ${adminToken}` };

  it("refuses any bearer token when none is configured: console accounts only", async () => {
    const server = await app({ ADMIN_API_TOKEN: "" });
    const response = await fetch(url(server, "month=2026-11&province=can-tho"), { headers: auth });
    expect(response.status).toBe(401);
  });

  it("refuses a missing or wrong bearer token with 401", async () => {
    const server = await app();
    expect((await fetch(url(server, "month=2026-11&province=can-tho"))).status).toBe(401);
    const wrong = await fetch(url(server, "month=2026-11&province=can-tho"), { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers 400 with a message per invalid field", async () => {
    const server = await app();
    const response = await fetch(url(server, "month=2026-13&format=pdf"), { headers: auth });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fields: { field: string }[] };
    expect(body.fields.map((f) => f.field).sort()).toEqual(["format", "month", "province"]);
    const unknown = await fetch(url(server, "month=2026-11&province=Atlantis"), { headers: auth });
    expect(await unknown.json()).toMatchObject({ fields: [{ field: "province" }] });
  });

  it("returns the month's list as an XLSX file, accepting an old province name", async () => {
    const server = await app();
    const send = visitor();
    await send(server.baseUrl, { text: "/dangky" });
    await send(server.baseUrl, { action: "reg:c:yes" });
    for (const input of completeAnswers(citizenIdBornIn1995Male())) await send(server.baseUrl, input);
    await send(server.baseUrl, { action: "reg:confirm" });
    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

    const response = await fetch(url(server, `month=${month}&province=${encodeURIComponent("Sóc Trăng")}&format=xlsx`), { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="danh-sach-dang-ky-${month}-can-tho.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.getWorksheet("Danh sách")!.getCell("B5").value).toBe("Nguyễn Văn An");
  });
});

describe("the encryption key of the embedded database", () => {
  it("is created once in the data folder with mode 0600 and reused by the next start", async () => {
    const database = await durableDatabase();
    if (!("dataDir" in database)) return; // a PostgreSQL server always takes the key from configuration
    const first = await startTestApp({}, database);
    const send = visitor();
    await send(first.baseUrl, { text: "/dangky" });
    await send(first.baseUrl, { action: "reg:c:yes" });
    const citizenId = citizenIdBornIn1995Male();
    for (const input of completeAnswers(citizenId)) await send(first.baseUrl, input);
    await send(first.baseUrl, { action: "reg:confirm" });
    await first.close();
    const keyFile = path.join(database.dataDir, "registration.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, "utf8");

    const second = await startTestApp({}, database);
    cleanups.push(() => second.close());
    expect(fs.readFileSync(keyFile, "utf8")).toBe(key);
    const status = await send(second.baseUrl, { text: "/trangthai" });
    expect(status[0]!.text).toContain(`*********${citizenId.slice(-3)}`);
  });
});
