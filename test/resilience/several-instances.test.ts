import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/index.js";
import { subscribe } from "../announcements/support.js";
import { freshDatabaseOptions, type TestDatabase } from "../helpers/database.js";
import { waitFor } from "../helpers/processes.js";
import type { FakeTelegram } from "../fakes/fake-telegram.js";
import { citizenIdBornIn1995Male, completeAnswers, type Input } from "../registrations/fixtures.js";
import { startServer, type ServerUnderTest } from "./support/server-process.js";
import { adminRequest, announce, deliverUpdate, startFakeTelegram, telegramWebhookEnv } from "./support/telegram-app.js";

// Slow (about 40 s): two real server processes on one PostgreSQL database, behind the same
// webhook traffic, both running the announcement worker. PostgreSQL only, and once: it makes
// its own database, so it belongs in the postgres project alone.

let database: TestDatabase;
let db: Database;
let telegram: FakeTelegram;
let instances: ServerUnderTest[] = [];

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  database = await freshDatabaseOptions();
  db = await openDatabase(database.options);
  telegram = await startFakeTelegram();
  const env = {
    ...telegramWebhookEnv(telegram.url),
    DATABASE_URL: (database.options as { url: string }).url,
    ANNOUNCEMENT_WORKER_CONCURRENCY: "4",
    // Slow enough that one worker alone would need several seconds: the other, polling every second, joins in.
    ANNOUNCEMENT_TELEGRAM_PER_SECOND: "20",
  };
  instances = await Promise.all([startServer(env), startServer(env)]);
}, 120_000);
afterAll(async () => {
  for (const instance of instances) await instance.kill();
  await db?.close();
  await telegram?.stop();
  await database?.drop();
});

/**
 * Delivers an update as Telegram does: to one instance, and sometimes again to the other
 * while the first is still at work (Telegram re-sends when an answer is slow to come).
 */
let deliveries = 0;
async function deliver(update: Record<string, unknown>) {
  const turn = deliveries++;
  const first = instances[turn % 2]!;
  const other = instances[(turn + 1) % 2]!;
  const redeliver = turn % 3 === 0;
  const statuses = await Promise.all([deliverUpdate(first.baseUrl, update), ...(redeliver ? [deliverUpdate(other.baseUrl, update)] : [])]);
  // A copy that arrives while the other instance is still at work answers 503 so Telegram retries it;
  // the retry, once the first has finished, is answered 200 without handling the update again.
  expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
  expect(statuses).toContain(200);
  if (statuses.includes(503)) expect(await deliverUpdate(other.baseUrl, update)).toBe(200);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("two instances on one PostgreSQL (skipped without TEST_DATABASE_URL)", () => {
  it("answers every update exactly once, whichever instance gets it and however often", async () => {
    const chats = Array.from({ length: 30 }, (_, index) => 3000 + index);
    await Promise.all(chats.map((chat) => deliver(telegram.textUpdate(chat, chat % 2 ? "/menu" : "/help"))));
    for (const chat of chats) expect(telegram.sentTo(chat)).toHaveLength(1);
  });

  it("keeps a registration whole when its steps alternate between instances", async () => {
    const chat = 4000;
    const citizenId = citizenIdBornIn1995Male();
    const steps: Input[] = [{ text: "/dangky" }, { action: "reg:c:yes" }, ...completeAnswers(citizenId), { action: "reg:confirm" }];
    for (const input of steps) {
      // One person's messages come one after the other, as Telegram sends them.
      await deliver("text" in input ? telegram.textUpdate(chat, input.text) : telegram.callbackUpdate(chat, input.action));
    }
    const confirmations = telegram.sentTo(chat).filter((message) => /DK-[A-Z2-9]{6}/.test(message.text));
    expect(confirmations).toHaveLength(1);
    const rows = await db.prisma.registration.findMany({ where: { channel: "telegram", channelUserId: String(chat) } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fullName: "Nguyễn Văn An", provinceCode: "can-tho", loanAmountVnd: 120_000_000n, status: "submitted" });
    expect(confirmations[0]!.text).toContain(rows[0]!.referenceCode);
  });

  it("sends an announcement once to every subscriber with both workers at it", async () => {
    const subscribers = Array.from({ length: 80 }, (_, index) => ({ userId: String(6000 + index) }));
    await subscribe(db.prisma, subscribers);
    const id = await announce(instances[0]!.baseUrl, "Ngày hội tuyển dụng đi Hàn Quốc");
    await waitFor(async () => (await adminRequest(instances[1]!.baseUrl, "GET", `/api/admin/announcements/${id}`)).body.status === "completed", 30_000);
    const received = telegram.sent.filter((message) => message.text.startsWith("Ngày hội tuyển dụng đi Hàn Quốc")).map((message) => String(message.chat_id));
    expect(received.sort()).toEqual(subscribers.map((subscriber) => subscriber.userId).sort());
    const workers = await db.prisma.delivery.groupBy({ by: ["claimedBy"], where: { announcementId: id }, _count: true });
    // Both instances took part (the work is shared, not merely survived).
    expect(workers.length).toBe(2);
  }, 60_000);
});
