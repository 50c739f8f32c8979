import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication, type Application } from "../../src/app/index.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { freshDatabaseOptions } from "../helpers/database.js";
import { loginAs, staffPassword } from "../helpers/staff.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { FakeZaloOa } from "../fakes/fake-zalo-oa.js";
import { adminToken, completeAnswers, testKeyBase64, type Input } from "../registrations/fixtures.js";

/**
 * The real application with the production logger at its most talkative level, writing into
 * a buffer; a person registers, asks a question with a phone number, staff log in and use
 * the admin token, Telegram fails once and the Zalo OA token is refreshed. Then every secret
 * and every personal value is looked for in what was logged.
 */
const telegramToken = "987654321:AAHsecretPartOfTheTelegramToken_xyz12";
const telegramSecret = "telegram-webhook-secret-4242";
const oa = {
  appId: "3608465248940903967",
  appSecret: "oa-app-secret-must-not-be-logged",
  oaSecretKey: "oa-webhook-secret-must-not-be-logged",
  accessToken: "oa-first-access-token-0123456789",
  refreshToken: "oa-first-refresh-token-0123456789",
};
const citizenId = "092095004217";
const phone = { typed: "0912.345.678", national: "0912345678", international: "+84912345678", digits: "912345678" };
const questionPhone = "0987 654 321";
const fullName = "Lò Văn Páo";
const wrongPassword = "wrong-password-typed-by-staff";

const logLines: string[] = [];
let telegram: FakeTelegram;
let zaloOa: FakeZaloOa;
let app: Application & { baseUrl: string };
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  telegram = await new FakeTelegram({ token: telegramToken }).start();
  zaloOa = await new FakeZaloOa(oa).start();
  const fresh = await freshDatabaseOptions();
  dropDatabase = fresh.drop;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_LEVEL: "trace",
    PUBLIC_URL: "https://bot.example.vn",
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    ZALO_OA_APP_ID: oa.appId,
    ZALO_OA_APP_SECRET: oa.appSecret,
    ZALO_OA_SECRET_KEY: oa.oaSecretKey,
    ZALO_OA_ACCESS_TOKEN: oa.accessToken,
    ZALO_OA_REFRESH_TOKEN: oa.refreshToken,
    ZALO_OA_API_ROOT: zaloOa.url,
    ZALO_OA_OAUTH_ROOT: zaloOa.url,
    REGISTRATION_ENCRYPTION_KEY: testKeyBase64,
    ADMIN_API_TOKEN: adminToken,
  });
  const buffer = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "trace", pretty: false, destination: buffer });
  const created = await createApplication(config, logger, fresh.options);
  await created.start();
  app = Object.assign(created, { baseUrl: `http://127.0.0.1:${(created.server.addresses()[0] as { port: number }).port}` });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await dropDatabase?.();
  await Promise.all([telegram?.stop(), zaloOa?.stop()]);
});

async function telegramSays(input: Input) {
  const update = "text" in input ? telegram.textUpdate(8001, input.text) : telegram.callbackUpdate(8001, input.action);
  const response = await fetch(`${app.baseUrl}/webhooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": telegramSecret },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

describe("what the logs hold after a day's work", () => {
  beforeAll(async () => {
    // A registration through Telegram; the Bot API fails while the summary (name, masked IDs) is sent.
    await telegramSays({ text: "/dangky" });
    await telegramSays({ action: "reg:c:yes" });
    const answers = completeAnswers(citizenId, { fullName: { text: fullName }, phone: { text: phone.typed } });
    for (const input of answers.slice(0, -1)) await telegramSays(input);
    telegram.failNext("sendMessage", 400, { description: "Bad Request: can't parse entities" });
    await telegramSays(answers.at(-1)!);
    await telegramSays({ action: "reg:confirm" });
    // A question with a phone number in it, through the web chat.
    await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId: "log-check-visitor", text: `Số của tôi là ${questionPhone}, cho hỏi vay tối đa bao nhiêu?` }),
    });
    // Staff: a failed and a good login, then the registration revealed and exported.
    await fetch(`${app.baseUrl}/api/admin/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "officer", password: wrongPassword }),
    });
    const officer = await loginAs(app, { username: "officer" });
    const listed = await officer.request("GET", "/api/admin/registrations");
    expect(listed.body.rows.length).toBeGreaterThan(0);
    const revealed = await officer.request("POST", `/api/admin/registrations/${listed.body.rows[0].id}/reveal`);
    expect(JSON.stringify(revealed.body)).toContain(citizenId);
    // Scripts with the admin token, a wrong one too.
    for (const token of [adminToken, `${adminToken}-wrong`]) {
      await fetch(`${app.baseUrl}/api/admin/registrations?q=${encodeURIComponent(phone.national)}`, { headers: { authorization: `Bearer ${token}` } });
    }
    // Zalo expires the OA token: the next message makes the channel refresh it.
    zaloOa.expireAccessToken();
    await zaloOa.deliver(`${app.baseUrl}/webhooks/zalo-oa`, zaloOa.textEvent("oa-user-1", "/start"));
    await zaloOa.waitForSent(1);
    expect(zaloOa.tokens.access).not.toBe(oa.accessToken);
  }, 60_000);

  const secrets = () => ({
    "the Telegram token": telegramToken,
    "the secret part of the Telegram token": telegramToken.split(":")[1]!,
    "the Telegram webhook secret": telegramSecret,
    "the OA app secret": oa.appSecret,
    "the OA webhook secret key": oa.oaSecretKey,
    "the first OA access token": oa.accessToken,
    "the first OA refresh token": oa.refreshToken,
    "the refreshed OA access token": zaloOa.tokens.access,
    "the refreshed OA refresh token": zaloOa.tokens.refresh,
    "the admin API token": adminToken,
    "the registration encryption key": testKeyBase64,
    "a staff password": staffPassword,
    "a mistyped staff password": wrongPassword,
  });
  const personalData = {
    "the citizen ID": citizenId,
    "the phone as typed": phone.typed,
    "the phone": phone.national,
    "the phone in international form": phone.international,
    "the phone's digits": phone.digits,
    "the phone in the question": questionPhone,
    "the phone in the question, compact": questionPhone.replace(/ /g, ""),
    "the full name": fullName,
  };

  it("logged something at all (the check below would be empty otherwise)", () => {
    expect(logLines.length).toBeGreaterThan(5);
    expect(logLines.join("")).toContain("telegram");
  });

  it("holds no secret", () => {
    const log = logLines.join("");
    const found = Object.entries(secrets()).filter(([, value]) => log.includes(value));
    expect(found.map(([name]) => name)).toEqual([]);
  });

  it("holds no personal data", () => {
    const log = logLines.join("");
    const found = Object.entries(personalData).filter(([, value]) => log.includes(value) || log.includes(JSON.stringify(value).slice(1, -1)));
    expect(found.map(([name]) => name)).toEqual([]);
  });
});
