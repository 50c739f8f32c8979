import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversationStore, createMemoryConversationStore, type ConversationStore } from "../../src/bot/core/index.js";
import { openTestDatabase } from "../helpers/database.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.dropAll());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The memory store stands in for the database one in tests: both must keep the same promises.
describe.each([
  ["in memory", () => createMemoryConversationStore()],
  ["in the database", () => createConversationStore(database)],
] as [string, () => ConversationStore][])("conversations kept %s", (_, makeStore) => {
  it("start in Vietnamese with nothing remembered, and keep what a turn leaves", async () => {
    const store = makeStore();
    expect(await store.peek("web", "a")).toBeUndefined();
    await store.withConversation("web", "a", async (state) => {
      expect(state).toEqual({ locale: "vi", flow: null, province: null, recent: [], topic: null });
      state.locale = "en";
      state.province = "hue";
    });
    expect(await store.peek("web", "a")).toMatchObject({ locale: "en", province: "hue" });
    await store
      .withConversation("web", "a", async (state) => {
        expect(state.province).toBe("hue");
        state.province = "can-tho";
        throw new Error("the turn failed");
      })
      .catch(() => undefined);
    // A turn that failed saves nothing.
    expect((await store.peek("web", "a"))?.province).toBe("hue");
  });

  it("run one person's turns one after the other, and two people's side by side", async () => {
    const store = makeStore();
    const order: string[] = [];
    const slow = store.withConversation("telegram", "1", async (state) => {
      order.push("first starts");
      await pause(30);
      state.province = "hue";
      order.push("first ends");
    });
    const second = store.withConversation("telegram", "1", async (state) => {
      order.push(`second sees ${state.province}`);
    });
    const other = store.withConversation("telegram", "2", async () => {
      order.push("other person");
    });
    await Promise.all([slow, second, other]);
    expect(order).toEqual(["first starts", "other person", "first ends", "second sees hue"]);
  });

  it("keep channels apart: the same id on two channels is two people", async () => {
    const store = makeStore();
    await store.withConversation("telegram", "42", async (state) => {
      state.locale = "en";
    });
    expect((await store.peek("telegram", "42"))?.locale).toBe("en");
    expect(await store.peek("zalo-bot", "42")).toBeUndefined();
  });
});

describe("the database store", () => {
  it("writes nothing for a turn that only put the same data in another order", async () => {
    const store = createConversationStore(database);
    const versionOf = async () =>
      (await database.sql.query<{ version: number }>("SELECT version FROM conversations WHERE channel = $1 AND user_id = $2", ["web", "order"]))[0]?.version;
    const at = new Date().toISOString();
    await store.withConversation("web", "order", async (state) => {
      state.flow = { id: "loan", step: "amount", data: { market: "japan", amount: 100 }, startedAt: at, updatedAt: at };
    });
    const saved = await versionOf();
    await store.withConversation("web", "order", async (state) => {
      // What a flow's schema gives back: the same values, keys in its own order.
      state.flow = { updatedAt: at, startedAt: at, data: { amount: 100, market: "japan" }, step: "amount", id: "loan" };
    });
    expect(await versionOf()).toBe(saved);
    await store.withConversation("web", "order", async (state) => {
      state.flow = { ...state.flow!, step: "term" };
    });
    expect(await versionOf()).toBe(saved! + 1);
  });
});
