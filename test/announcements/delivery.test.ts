import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramSender } from "../../src/bot/channels/telegram/index.js";
import { openDatabase } from "../../src/db/index.js";
import { freshDatabaseOptions, type TestDatabase } from "../helpers/database.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { deliveryOn, FakeClock, recordingSender, subscribe, telegramPeople } from "./support.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
let fresh: TestDatabase;
let database: Awaited<ReturnType<typeof openDatabase>>;
beforeEach(async () => {
  fresh = await freshDatabaseOptions();
  database = await openDatabase(fresh.options);
});
afterEach(async () => {
  await database.close();
  await fresh.drop();
});

const announce = { text: "Hội chợ việc làm Nhật Bản ngày 5/12 tại Huế.", target: { topics: ["japan"] }, createdBy: "test" };

async function statusesOf(announcementId: string) {
  const rows = await database.prisma.delivery.findMany({ where: { announcementId }, orderBy: { channelUserId: "asc" } });
  return Object.fromEntries(rows.map((row) => [row.channelUserId, row.status]));
}

describe("the announcement worker", () => {
  it("writes one delivery per recipient with the announcement and sends each exactly once", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(25));
    const sender = recordingSender("telegram", clock);
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender] });
    const created = await service.create(announce);
    expect(created.status).toBe("sending");
    expect(created.deliveries.queued).toBe(25);
    await worker.drain();
    expect(sender.delivered.map((call) => call.userId).sort()).toEqual(telegramPeople(25).map((p) => p.userId));
    const report = await service.report(created.id);
    expect(report).toMatchObject({ status: "completed", deliveries: { sent: 25, queued: 0, sending: 0 } });
  });

  it("honours a 429 retry_after from Telegram by pausing the channel, then delivers everyone once", async () => {
    const clock = new FakeClock();
    const telegram = await new FakeTelegram({ token }).start();
    try {
      await subscribe(database.prisma, telegramPeople(6));
      telegram.failNext("sendMessage", 429, { retryAfter: 7, description: "Too Many Requests: retry after 7" });
      const sender = createTelegramSender(new Api(token, { apiRoot: telegram.url }));
      const times: number[] = [];
      const timed = { channel: sender.channel, sendText: async (userId: string, text: string) => (times.push(clock.now()), sender.sendText(userId, text)) };
      const { service, worker } = deliveryOn(database.prisma, { clock, senders: [timed], concurrency: 1 });
      const start = clock.now();
      const created = await service.create(announce);
      await worker.drain();
      expect(telegram.sent.map((message) => String(message.chat_id)).sort()).toEqual(telegramPeople(6).map((p) => p.userId));
      // The refused call came first; the next one only after 7 seconds.
      expect(times[1]! - start).toBeGreaterThanOrEqual(7000);
      expect((await service.report(created.id))!.deliveries.sent).toBe(6);
    } finally {
      await telegram.stop();
    }
  });

  it("marks a person who blocked the bot as blocked, deactivates their subscriptions and does not retry", async () => {
    const clock = new FakeClock();
    const telegram = await new FakeTelegram({ token }).start();
    try {
      await subscribe(database.prisma, [...telegramPeople(3), { userId: "1001", topic: "korea" }]);
      telegram.blockedChats.add("1001");
      const sender = createTelegramSender(new Api(token, { apiRoot: telegram.url }));
      const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender] });
      const created = await service.create(announce);
      await worker.drain();
      expect(await statusesOf(created.id)).toEqual({ "1000": "sent", "1001": "blocked", "1002": "sent" });
      expect(telegram.calls.filter((call) => call.method === "sendMessage" && String(call.body.chat_id) === "1001")).toHaveLength(1);
      const subscriptions = await database.prisma.subscription.findMany({ where: { channelUserId: "1001" } });
      expect(subscriptions.map((row) => row.active)).toEqual([false, false]);
      expect(subscriptions.every((row) => row.unsubscribedAt !== null)).toBe(true);
      const delivery = await database.prisma.delivery.findFirstOrThrow({ where: { channelUserId: "1001" } });
      expect(delivery.lastError).toMatch(/blocked by the user/);
    } finally {
      await telegram.stop();
    }
  });

  it("retries a 5xx with exponential backoff and records it as failed after the last attempt", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(2));
    const sender = recordingSender("telegram", clock, (userId) =>
      userId === "1000" ? { status: "failed", retry: "transient", reason: "502 Bad Gateway" } : { status: "sent" },
    );
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender], maxAttempts: 3, backoff: { baseMs: 1000, maxMs: 60_000 } });
    const created = await service.create(announce);
    await worker.drain();
    const attempts = sender.calls.filter((call) => call.userId === "1000").map((call) => call.at);
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1000);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(2000);
    const failed = await database.prisma.delivery.findFirstOrThrow({ where: { channelUserId: "1000" } });
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lastError: "502 Bad Gateway" });
    expect((await service.report(created.id))!).toMatchObject({ status: "completed", deliveries: { sent: 1, failed: 1 } });
  });

  it("delivers after a transient failure that clears up", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(1));
    const sender = recordingSender("telegram", clock, (_userId, call) =>
      call < 3 ? { status: "failed", retry: "transient", reason: "network error" } : { status: "sent" },
    );
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender] });
    const created = await service.create(announce);
    await worker.drain();
    expect(await statusesOf(created.id)).toEqual({ "1000": "sent" });
    expect(sender.delivered).toHaveLength(1);
  });

  it("records a Zalo OA recipient outside the 7-day window as skipped", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, [{ channel: "zalo-oa", userId: "oa-1" }]);
    const sender = recordingSender("zalo-oa", clock, () => ({ status: "outside-window" }));
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender] });
    const created = await service.create(announce);
    await worker.drain();
    expect((await service.report(created.id))!.deliveries.skipped_window).toBe(1);
  });

  it("stops sending when the announcement is cancelled mid-run and marks the rest cancelled", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(40));
    let announcementId = "";
    let service: ReturnType<typeof deliveryOn>["service"];
    const sender = recordingSender("telegram", clock, async () => {
      if (sender.calls.length === 5) await service.cancel(announcementId);
      return { status: "sent" };
    });
    const delivery = deliveryOn(database.prisma, { clock, concurrency: 2, senders: [sender] });
    service = delivery.service;
    const worker = delivery.worker;
    const created = await service.create(announce);
    announcementId = created.id;
    await worker.drain();
    const report = (await service.report(created.id))!;
    expect(report.status).toBe("cancelled");
    // What was in flight or already claimed (concurrency 2 + one batch of 4) may still go; nothing else.
    expect(report.deliveries.sent).toBeLessThanOrEqual(5 + 2 + 4);
    expect(sender.calls.length).toBe(report.deliveries.sent);
    expect(report.deliveries.sent + report.deliveries.cancelled).toBe(40);
  });

  it("skips a recipient who unsubscribed after the announcement was written but before their turn", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(3));
    const sender = recordingSender("telegram", clock, async (userId) => {
      if (userId === "1000") {
        await database.prisma.subscription.updateMany({ where: { channelUserId: "1002" }, data: { active: false, unsubscribedAt: new Date() } });
      }
      return { status: "sent" };
    });
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender], concurrency: 1, batchSize: 1 });
    const created = await service.create(announce);
    await worker.drain();
    expect(await statusesOf(created.id)).toEqual({ "1000": "sent", "1001": "sent", "1002": "skipped_unsubscribed" });
    expect(sender.calls.map((call) => call.userId)).not.toContain("1002");
  });

  it("requeues a delivery left `sending` by a worker that vanished once its lease expired, and sends it", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(2));
    const sender = recordingSender("telegram", clock);
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender], leaseMs: 60_000 });
    const created = await service.create(announce);
    await database.prisma.delivery.updateMany({
      where: { channelUserId: "1000" },
      data: { status: "sending", claimedBy: "crashed-worker", claimedAt: new Date(clock.now() - 61_000), attempts: 1 },
    });
    await database.prisma.delivery.updateMany({
      where: { channelUserId: "1001" },
      data: { status: "sending", claimedBy: "busy-worker", claimedAt: new Date(clock.now() - 5_000), attempts: 1 },
    });
    expect(await worker.requeueExpiredLeases()).toBe(1);
    expect(await statusesOf(created.id)).toEqual({ "1000": "queued", "1001": "sending" });
    await database.prisma.delivery.updateMany({ where: { channelUserId: "1001" }, data: { status: "sent", claimedBy: null } });
    await worker.drain();
    expect(sender.delivered.map((call) => call.userId)).toEqual(["1000"]);
    expect((await service.report(created.id))!.status).toBe("completed");
  });

  it("splits a text longer than the channel's limit on sentence boundaries", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, [{ channel: "zalo-bot", userId: "z1" }]);
    const sender = recordingSender("zalo-bot", clock);
    const { service, worker } = deliveryOn(database.prisma, { clock, senders: [sender] });
    const sentence = "Đợt tuyển thực tập sinh đi Nhật Bản tháng 12 đã mở đăng ký tại trung tâm dịch vụ việc làm. ";
    await service.create({ ...announce, text: sentence.repeat(40).trim() });
    await worker.drain();
    expect(sender.delivered.length).toBe(2);
    for (const part of sender.delivered) {
      expect(part.text.length).toBeLessThanOrEqual(2000);
      expect(part.text.endsWith(".")).toBe(true);
    }
  });
});

describe("two workers on one database", () => {
  it("never send the same delivery twice", async () => {
    const clock = new FakeClock();
    await subscribe(database.prisma, telegramPeople(120));
    // On PostgreSQL each worker gets its own connection pool, as two server instances would.
    const second = "url" in fresh.options ? await openDatabase(fresh.options) : database;
    try {
      const delivered: string[] = [];
      const slowSender = (name: string) =>
        recordingSender("telegram", clock, async (userId) => {
          delivered.push(`${name}:${userId}`);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          return { status: "sent" };
        });
      const one = deliveryOn(database.prisma, { clock, senders: [slowSender("a")], concurrency: 4, workerId: "a" });
      const two = deliveryOn(second.prisma, { clock, senders: [slowSender("b")], concurrency: 4, workerId: "b" });
      const created = await one.service.create(announce);
      await Promise.all([one.worker.drain(), two.worker.drain()]);
      const users = delivered.map((entry) => entry.split(":")[1]);
      expect(users.length).toBe(120);
      expect(new Set(users).size).toBe(120);
      expect((await one.service.report(created.id))!.deliveries.sent).toBe(120);
    } finally {
      if (second !== database) await second.close();
    }
  });
});
