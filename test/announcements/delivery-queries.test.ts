import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDeliveryQueries } from "../../src/announcements/delivery-queries.js";
import { openTestDatabase } from "../helpers/database.js";
import { FakeClock } from "./support.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(async () => database.dropAll());

async function announcement(status: "sending" | "cancelled" | "completed" = "sending") {
  return database.prisma.announcement.create({ data: { text: "Hội chợ việc làm", target: { topics: ["japan"] }, status, createdBy: "test" } });
}

type DeliveryRow = { userId: string; channel?: string; status?: "queued" | "sending"; dueAt?: Date; claimedBy?: string; claimedAt?: Date };
async function deliveries(announcementId: string, rows: DeliveryRow[]) {
  for (const row of rows) {
    await database.prisma.delivery.create({
      data: {
        announcementId,
        channel: row.channel ?? "telegram",
        channelUserId: row.userId,
        status: row.status ?? "queued",
        nextAttemptAt: row.dueAt ?? new Date(0),
        claimedBy: row.claimedBy,
        claimedAt: row.claimedAt,
      },
    });
  }
}

const statusOf = async (userId: string) => (await database.prisma.delivery.findFirstOrThrow({ where: { channelUserId: userId } })).status;

describe("the worker's delivery queries", () => {
  it("claim the due, queued deliveries of the given channels, oldest due first, at most a batch", async () => {
    const clock = new FakeClock();
    const queries = createDeliveryQueries({ prisma: database.prisma, workerId: "w1", clock });
    const sending = await announcement();
    const cancelled = await announcement("cancelled");
    await deliveries(sending.id, [
      { userId: "later", dueAt: new Date(clock.now() + 60_000) },
      { userId: "second", dueAt: new Date(clock.now() - 1000) },
      { userId: "first", dueAt: new Date(clock.now() - 2000) },
      { userId: "third", dueAt: new Date(clock.now()) },
      { userId: "zalo", channel: "zalo-bot" },
    ]);
    await deliveries(cancelled.id, [{ userId: "of-a-cancelled-one" }]);

    const claimed = await queries.claimDue(["telegram"], 2);
    expect(claimed.map((row) => row.channelUserId).sort()).toEqual(["first", "second"]);
    expect(claimed.every((row) => row.attempts === 1)).toBe(true);
    expect(await database.prisma.delivery.count({ where: { claimedBy: "w1", status: "sending" } })).toBe(2);
    expect((await queries.claimDue(["telegram"], 10)).map((row) => row.channelUserId)).toEqual(["third"]);
    expect(await queries.claimDue(["telegram"], 10)).toEqual([]);
  });

  it("give back, unclaimed and uncounted, only what this worker holds", async () => {
    const queries = createDeliveryQueries({ prisma: database.prisma, workerId: "w1", clock: new FakeClock() });
    const sending = await announcement();
    await deliveries(sending.id, [{ userId: "mine" }, { userId: "theirs", status: "sending", claimedBy: "w2", claimedAt: new Date() }]);
    const [mine] = await queries.claimDue(["telegram"], 10);
    const theirs = await database.prisma.delivery.findFirstOrThrow({ where: { channelUserId: "theirs" } });
    await queries.giveBack([mine!.id, theirs.id]);
    expect(await database.prisma.delivery.findFirstOrThrow({ where: { channelUserId: "mine" } })).toMatchObject({
      status: "queued",
      claimedBy: null,
      attempts: 0,
    });
    expect(await statusOf("theirs")).toBe("sending");
  });

  it("put back deliveries whose lease expired, except those held, and close those of cancelled announcements", async () => {
    const clock = new FakeClock();
    const queries = createDeliveryQueries({ prisma: database.prisma, workerId: "w1", clock });
    const longAgo = new Date(clock.now() - 120_000);
    const sending = await announcement();
    const cancelled = await announcement("cancelled");
    await deliveries(sending.id, [
      { userId: "lost", status: "sending", claimedBy: "gone", claimedAt: longAgo },
      { userId: "held", status: "sending", claimedBy: "w1", claimedAt: longAgo },
      { userId: "fresh", status: "sending", claimedBy: "w2", claimedAt: new Date(clock.now()) },
    ]);
    await deliveries(cancelled.id, [{ userId: "lost-of-cancelled", status: "sending", claimedBy: "gone", claimedAt: longAgo }]);
    const held = await database.prisma.delivery.findFirstOrThrow({ where: { channelUserId: "held" } });

    expect(await queries.requeueExpired(clock.now(), new Date(clock.now() - 60_000), [held.id])).toEqual({ requeued: 1, cancelled: 1 });
    expect(await statusOf("lost")).toBe("queued");
    expect(await statusOf("lost-of-cancelled")).toBe("cancelled");
    expect(await statusOf("held")).toBe("sending");
    expect(await statusOf("fresh")).toBe("sending");
  });

  it("complete the announcements with nothing left to send, and say how their deliveries ended", async () => {
    const queries = createDeliveryQueries({ prisma: database.prisma, workerId: "w1", clock: new FakeClock() });
    const done = await announcement();
    const busy = await announcement();
    await database.prisma.delivery.create({ data: { announcementId: done.id, channel: "telegram", channelUserId: "1", status: "sent" } });
    await database.prisma.delivery.create({ data: { announcementId: done.id, channel: "telegram", channelUserId: "2", status: "blocked" } });
    await deliveries(busy.id, [{ userId: "3" }]);
    expect(await queries.completeFinished()).toEqual([done.id]);
    expect(await queries.deliveryReport(done.id)).toEqual({ sent: 1, blocked: 1 });
    expect((await database.prisma.announcement.findUniqueOrThrow({ where: { id: busy.id } })).status).toBe("sending");
  });
});
