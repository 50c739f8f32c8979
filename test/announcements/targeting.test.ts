import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findRecipients, stillWanted, targetSchema } from "../../src/announcements/index.js";
import { openTestDatabase } from "../helpers/database.js";
import { registrationRow, subscribe, topics } from "./support.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeEach(async () => {
  database = await openTestDatabase();
  await subscribe(database.prisma, [
    { userId: "1", topic: "japan", locality: "hue" },
    { userId: "1", topic: "scam-alerts", locality: "hue" },
    { userId: "2", topic: "korea", locality: "can-tho" },
    { userId: "3", topic: "japan", locality: null },
    { channel: "zalo-bot", userId: "z1", topic: "japan", locality: "hue" },
    { channel: "web", userId: "w1", topic: "japan", locality: "hue" },
  ]);
});
afterEach(async () => database.dropAll());

const everywhere = ["telegram", "zalo-bot", "zalo-oa"] as const;
const ids = (recipients: { channel: string; userId: string }[]) => recipients.map((r) => `${r.channel}:${r.userId}`).sort();

describe("announcement targeting", () => {
  it("reaches each subscriber of a matching topic once, however many of their topics match", async () => {
    const recipients = await findRecipients(database.prisma, { topics: ["japan", "scam-alerts"] }, everywhere);
    expect(ids(recipients)).toEqual(["telegram:1", "telegram:3", "zalo-bot:z1"]);
  });

  it("narrows by locality, leaving out people who chose the whole country", async () => {
    const recipients = await findRecipients(database.prisma, { topics: ["japan"], localities: ["hue"] }, everywhere);
    expect(ids(recipients)).toEqual(["telegram:1", "zalo-bot:z1"]);
  });

  it("narrows by channel, and never targets a channel without a sender (the web chat)", async () => {
    expect(ids(await findRecipients(database.prisma, { channels: ["zalo-bot"] }, everywhere))).toEqual(["zalo-bot:z1"]);
    expect(ids(await findRecipients(database.prisma, {}, ["telegram"]))).toEqual(["telegram:1", "telegram:2", "telegram:3"]);
  });

  it("leaves out people who unsubscribed", async () => {
    await database.prisma.subscription.updateMany({ where: { channelUserId: "3" }, data: { active: false, unsubscribedAt: new Date() } });
    expect(ids(await findRecipients(database.prisma, { topics: ["japan"] }, ["telegram"]))).toEqual(["telegram:1"]);
  });

  it("with registration statuses, keeps only subscribers whose registration on that channel has one of them", async () => {
    await database.prisma.registration.createMany({
      data: [
        registrationRow({ channel: "telegram", channelUserId: "1", status: "eligible" }),
        registrationRow({ channel: "telegram", channelUserId: "2", status: "withdrawn" }),
        registrationRow({ channel: "zalo-bot", channelUserId: "3", status: "eligible" }),
      ] as never,
    });
    const recipients = await findRecipients(database.prisma, { registrationStatuses: ["eligible", "submitted"] }, everywhere);
    expect(ids(recipients)).toEqual(["telegram:1"]);
  });

  it("skips at delivery time a person whose remaining topics no longer match", () => {
    expect(stillWanted([{ topic: "korea", locality: "hue" }], { topics: ["japan"] })).toBe(false);
    expect(stillWanted([{ topic: "japan", locality: null }], { topics: ["japan"], localities: ["hue"] })).toBe(false);
    expect(stillWanted([{ topic: "japan", locality: "hue" }], { topics: ["japan"], localities: ["hue"] })).toBe(true);
  });

  it("refuses unknown topics and provinces with the reason", () => {
    const schema = targetSchema({ topics, provinceCodes: ["hue", "can-tho"] });
    const result = schema.safeParse({ topics: ["mars"], localities: ["atlantis"], channels: ["fax"] });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields.sort()).toEqual(["channels.0", "localities.0", "topics.0"]);
    expect(result.error!.issues.find((issue) => issue.path[0] === "topics")!.message).toMatch(/"mars" is not a known topic/);
  });
});
