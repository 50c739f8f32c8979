import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createConversationStore, defineFlow, done, next, stay, type Feature } from "../../src/bot/core/index.js";
import { openTestDatabase } from "../helpers/database.js";
import { coreOn, texts } from "../helpers/core.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.dropAll());

let user = 0;
const someone = () => ({ channel: "web" as const, userId: `engine-${++user}` });

/** Counts answers until three; its one step tries every way around the engine to end itself early. */
const counter = defineFlow({
  id: "count",
  data: z.object({ count: z.number().int().default(0) }),
  steps: ["counting"],
  async start() {
    return next("counting");
  },
  async handle(turn, input) {
    turn.flow.data.count += 1;
    if (input.text === "sneak") {
      // What a feature used to do: write the conversation's flow away. The core keeps it out of reach.
      Object.assign(turn.state, { flow: null });
      return stay([{ text: "still here" }]);
    }
    return turn.flow.data.count >= 3 ? done([{ text: "three" }]) : stay([{ text: `count ${turn.flow.data.count}` }]);
  },
  async ask(turn) {
    return [{ text: `at ${turn.flow.data.count}` }];
  },
});
const counterFeature: Feature = { commands: { count: (turn) => turn.startFlow("count") }, flows: [counter] };

describe("the flow engine", () => {
  it("starts a flow with the data its schema gives an empty start, and ends it only through a done result", async () => {
    const core = coreOn(database, { features: [counterFeature] });
    const person = someone();
    expect((await core.handle({ ...person, text: "/count" })).replies[0]!.text).toBe("at 0");
    expect(await core.handle({ ...person, text: "one" })).toMatchObject({ replies: [{ text: "count 1" }], flow: "count" });
    const last = await core.handle({ ...person, text: "two" });
    expect(last.replies[0]!.text).toBe("count 2");
    const ended = await core.handle({ ...person, text: "three" });
    expect(ended.replies[0]!.text).toBe("three");
    expect(ended.flow).toBeUndefined();
  });

  it("keeps a flow whose step writes the conversation's flow away: only the engine result ends it", async () => {
    const core = coreOn(database, { features: [counterFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/count" });
    const sneaky = await core.handle({ ...person, text: "sneak" });
    expect(sneaky).toMatchObject({ replies: [{ text: "still here" }], flow: "count" });
    expect((await core.handle({ ...person, text: "again" })).replies[0]!.text).toBe("count 2");
    const stored = await createConversationStore(database).peek(person.channel, person.userId);
    expect(stored?.flow).toMatchObject({ id: "count", step: "counting", data: { count: 2 } });
  });

  it("restarts politely a flow saved with data of an older shape, instead of failing mid-way", async () => {
    const core = coreOn(database, { features: [counterFeature] });
    const person = someone();
    const at = new Date().toISOString();
    await database.prisma.conversation.create({
      data: { channel: person.channel, userId: person.userId, flow: { id: "count", step: "counting", data: { count: "many" }, startedAt: at, updatedAt: at } },
    });
    const { replies, flow } = await core.handle({ ...person, text: "4" });
    expect(replies.map((reply) => reply.text)).toEqual([texts.t("vi", "flow.outdated"), "at 0"]);
    expect(flow).toBe("count");
    expect((await core.handle({ ...person, text: "one" })).replies[0]!.text).toBe("count 1");
  });

  it("restarts politely a flow saved at a step the flow no longer has, or without the fields of a saved flow", async () => {
    const core = coreOn(database, { features: [counterFeature] });
    const renamed = someone();
    const at = new Date().toISOString();
    await database.prisma.conversation.create({
      data: { channel: renamed.channel, userId: renamed.userId, flow: { id: "count", step: "tallying", data: { count: 1 }, startedAt: at, updatedAt: at } },
    });
    expect((await core.handle({ ...renamed, text: "one" })).replies[0]!.text).toBe(texts.t("vi", "flow.outdated"));
    const bare = someone();
    await database.prisma.conversation.create({ data: { channel: bare.channel, userId: bare.userId, flow: { id: "count", step: "amount" } } });
    expect((await core.handle({ ...bare, text: "one" })).replies.map((reply) => reply.text)).toEqual([texts.t("vi", "flow.outdated"), "at 0"]);
  });

  it("lets /cancel stop a flow that can no longer be read, without restarting it", async () => {
    const core = coreOn(database, { features: [counterFeature] });
    const person = someone();
    const at = new Date().toISOString();
    await database.prisma.conversation.create({
      data: { channel: person.channel, userId: person.userId, flow: { id: "count", step: "counting", data: null, startedAt: at, updatedAt: at } },
    });
    const { replies, flow } = await core.handle({ ...person, text: "/cancel" });
    expect(replies[0]!.text).toBe(texts.t("vi", "cancelled"));
    expect(flow).toBeUndefined();
  });
});
