import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDeliveryRecorder } from "../../src/announcements/delivery-recorder.js";
import { openTestDatabase } from "../helpers/database.js";
import { FakeClock, subscribe } from "./support.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(async () => database.dropAll());

const WORKER = "worker-under-test";

/** An announcement being sent, with one delivery per person, each claimed by `claimedBy` on its `attempts`-th try. */
async function claimedDeliveries(people: string[], options: { claimedBy?: string; attempts?: number; announcementStatus?: "sending" | "cancelled" } = {}) {
  const announcement = await database.prisma.announcement.create({
    data: { text: "Hội chợ việc làm", target: { topics: ["japan"] }, status: options.announcementStatus ?? "sending", createdBy: "test" },
  });
  await database.prisma.delivery.createMany({
    data: people.map((userId) => ({
      announcementId: announcement.id,
      channel: "telegram",
      channelUserId: userId,
      status: "sending" as const,
      attempts: options.attempts ?? 1,
      claimedBy: options.claimedBy ?? WORKER,
      claimedAt: new Date(),
    })),
  });
  const rows = await database.prisma.delivery.findMany({ where: { announcementId: announcement.id }, orderBy: { id: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    announcementId: row.announcementId,
    channel: "telegram" as const,
    userId: row.channelUserId,
    attempts: row.attempts,
  }));
}

function recorderAt(clock: FakeClock) {
  return createDeliveryRecorder({ prisma: database.prisma, workerId: WORKER, clock, maxAttempts: 3, backoff: { baseMs: 1000, maxMs: 60_000 } });
}

const rowOf = (id: number) => database.prisma.delivery.findUniqueOrThrow({ where: { id } });

describe("the delivery recorder", () => {
  it("stores results that arrive together, resolving each caller once its own row is written", async () => {
    const clock = new FakeClock();
    const recorder = recorderAt(clock);
    const deliveries = await claimedDeliveries(["1", "2", "3", "4"]);
    await Promise.all([
      recorder.record(deliveries[0]!, { status: "sent" }),
      recorder.record(deliveries[1]!, { status: "sent" }),
      recorder.record(deliveries[2]!, { status: "outside-window" }),
      recorder.record(deliveries[3]!, { status: "sent" }),
    ]);
    const rows = await Promise.all(deliveries.map((delivery) => rowOf(delivery.id)));
    expect(rows.map((row) => row.status)).toEqual(["sent", "sent", "skipped_window", "sent"]);
    expect(rows[0]!.sentAt?.getTime()).toBe(clock.now());
    expect(rows[2]!.lastError).toBe("outside the Zalo OA 7-day window");
  });

  it("leaves alone a delivery another worker holds", async () => {
    const [delivery] = await claimedDeliveries(["1"], { claimedBy: "another-worker" });
    await recorderAt(new FakeClock()).record(delivery!, { status: "sent" });
    expect(await rowOf(delivery!.id)).toMatchObject({ status: "sending", claimedBy: "another-worker", sentAt: null });
  });

  it("records a person who blocked the bot and stops their subscriptions on that channel only", async () => {
    await subscribe(database.prisma, [{ userId: "1" }, { userId: "1", channel: "zalo-bot" }, { userId: "2" }]);
    const [blocked] = await claimedDeliveries(["1"]);
    await recorderAt(new FakeClock()).record(blocked!, { status: "blocked", reason: "Forbidden: bot was blocked by the user" });
    expect(await rowOf(blocked!.id)).toMatchObject({ status: "blocked", lastError: "Forbidden: bot was blocked by the user" });
    const subscriptions = await database.prisma.subscription.findMany({ orderBy: [{ channelUserId: "asc" }, { channel: "asc" }] });
    expect(subscriptions.map((row) => [row.channelUserId, row.channel, row.active])).toEqual([
      ["1", "telegram", false],
      ["1", "zalo-bot", true],
      ["2", "telegram", true],
    ]);
  });

  it("puts a rate-limited delivery back in the queue after the platform's wait, without counting the attempt", async () => {
    const clock = new FakeClock();
    const [delivery] = await claimedDeliveries(["1"], { attempts: 2 });
    await recorderAt(clock).record(delivery!, { status: "rate-limited", retryAfterSeconds: 30 });
    expect(await rowOf(delivery!.id)).toMatchObject({ status: "queued", claimedBy: null, claimedAt: null, attempts: 1 });
    expect((await rowOf(delivery!.id)).nextAttemptAt.getTime()).toBe(clock.now() + 30_000);
  });

  it("retries a transient failure after a doubling wait, and gives up at the last attempt", async () => {
    const clock = new FakeClock();
    const recorder = recorderAt(clock);
    const [second] = await claimedDeliveries(["1"], { attempts: 2 });
    await recorder.record(second!, { status: "failed", retry: "transient", reason: "502 Bad Gateway" });
    const requeued = await rowOf(second!.id);
    expect(requeued).toMatchObject({ status: "queued", claimedBy: null, lastError: "502 Bad Gateway" });
    expect(requeued.nextAttemptAt.getTime()).toBe(clock.now() + 2000);

    const [last] = await claimedDeliveries(["2"], { attempts: 3 });
    await recorder.record(last!, { status: "failed", retry: "transient", reason: "502 Bad Gateway" });
    expect(await rowOf(last!.id)).toMatchObject({ status: "failed", lastError: "502 Bad Gateway" });
  });

  it("gives up at once on a permanent failure", async () => {
    const [delivery] = await claimedDeliveries(["1"]);
    await recorderAt(new FakeClock()).record(delivery!, { status: "failed", retry: "permanent", reason: "400 chat not found" });
    expect(await rowOf(delivery!.id)).toMatchObject({ status: "failed", lastError: "400 chat not found" });
  });

  it("does not queue a failed delivery again when its announcement was cancelled meanwhile", async () => {
    const [delivery] = await claimedDeliveries(["1"], { announcementStatus: "cancelled" });
    await recorderAt(new FakeClock()).record(delivery!, { status: "failed", retry: "transient", reason: "timeout" });
    expect(await rowOf(delivery!.id)).toMatchObject({ status: "cancelled", claimedBy: null });
  });
});
