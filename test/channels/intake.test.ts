import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIntake, type Delivery, type Intake, type IntakeOptions } from "../../src/bot/channels/intake.js";
import { createProcessedUpdates, type Feature, type Reply } from "../../src/bot/core/index.js";
import type { SendOutcome } from "../../src/shared/index.js";
import { coreOn, texts } from "../helpers/core.js";
import { openDatabase } from "../../src/db/index.js";
import { freshDatabaseOptions, openTestDatabase } from "../helpers/database.js";

type TestDatabase = Awaited<ReturnType<typeof openTestDatabase>>;

const secret = "intake-test-secret-0123456789";

/** Commands the core answers in these tests: one that fails, one that answers. */
const testFeature: Feature = {
  commands: {
    boom: async () => {
      throw new Error("the feature failed");
    },
    hello: async () => [{ text: "hello there", buttons: [{ label: "Again", action: "hello" }] }],
  },
};

let database: TestDatabase;
let server: FastifyInstance | undefined;
let intake: Intake | undefined;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(async () => {
  await intake?.stop();
  intake = undefined;
  await server?.close();
  server = undefined;
  await database.dropAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** An intake on the real core and a real processed-updates store, its sends and log recorded. */
function intakeWith(answer: IntakeOptions["answer"], extra: Partial<IntakeOptions> = {}) {
  const sent: { userId: string; texts: string[]; locale?: string }[] = [];
  const lines: string[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  intake = createIntake({
    channel: "zalo-bot",
    core: coreOn(database, { features: [testFeature] }),
    processedUpdates: createProcessedUpdates(database),
    logger,
    answer,
    send: async (userId, replies: Reply[], locale) => {
      sent.push({ userId, texts: replies.map((reply) => reply.text), locale });
    },
    ...extra,
  });
  return { intake, sent, logs: () => lines.join("") };
}

/** A webhook on a real HTTP server: `{ id, user, text }` bodies, the secret in a header. */
async function webhook(target: Intake, turn: (body: { id: string; user: string; text: string }) => Promise<void>) {
  server = Fastify();
  server.post("/hook", { onRequest: target.requireSecret("x-secret", secret) }, (request, reply) =>
    target.receive(reply, () => {
      const body = request.body as { id?: string; user?: string; text?: string };
      if (typeof body.id !== "string" || typeof body.user !== "string" || typeof body.text !== "string") return { status: 400, error: "not an update" };
      if (body.text === "") return undefined;
      const update = { id: body.id, user: body.user, text: body.text };
      return { key: `test:${update.id}`, userId: update.user, turn: () => turn(update) };
    }),
  );
  await server.listen({ port: 0, host: "127.0.0.1" });
  const { port } = server.server.address() as AddressInfo;
  return (body: unknown, secretToken: string | null = secret) =>
    fetch(`http://127.0.0.1:${port}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secretToken ? { "x-secret": secretToken } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
}

/** A promise and the function that settles it: a turn that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("the webhook secret", () => {
  it("answers 401 to a missing or wrong secret before the body is parsed, and handles nothing", async () => {
    const { intake } = intakeWith("after-turn");
    const turns: string[] = [];
    const post = await webhook(intake, async (update) => void turns.push(update.id));
    expect((await post("{not json", null)).status).toBe(401);
    expect((await post("{not json", "wrong-secret-wrong-secret")).status).toBe(401);
    expect((await post({ id: "1", user: "u", text: "hi" }, "x")).status).toBe(401);
    expect(turns).toEqual([]);
    // With the secret, the same malformed body is read, and refused by the parser.
    expect((await post("{not json")).status).toBe(400);
  });
});

describe("an intake that answers after the turn (Telegram)", () => {
  it("runs a new update's turn once before answering 200, and answers a later copy 200 without running it again", async () => {
    const { intake } = intakeWith("after-turn");
    const turns: string[] = [];
    const post = await webhook(intake, async (update) => void turns.push(update.id));
    expect((await post({ id: "1", user: "u1", text: "hi" })).status).toBe(200);
    expect(turns).toEqual(["1"]);
    expect((await post({ id: "1", user: "u1", text: "hi" })).status).toBe(200);
    expect(turns).toEqual(["1"]);
  });

  it("answers 503 with retry-after to a copy of an update claimed but not finished, then 200 once it is", async () => {
    const { intake } = intakeWith("after-turn");
    const turns: string[] = [];
    const post = await webhook(intake, async (update) => void turns.push(update.id));
    const processed = createProcessedUpdates(database);
    expect(await processed.claim("test:7")).toBe(true);
    const response = await post({ id: "7", user: "u7", text: "hi" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    await processed.complete("test:7");
    expect((await post({ id: "7", user: "u7", text: "hi" })).status).toBe(200);
    expect(turns).toEqual([]);
  });

  it("answers 200 to a turn that throws, and completes it so that the platform's copies do not loop", async () => {
    const { intake, logs } = intakeWith("after-turn");
    let runs = 0;
    const post = await webhook(intake, async () => {
      runs++;
      throw new Error("a bug around the turn");
    });
    expect((await post({ id: "9", user: "u9", text: "hi" })).status).toBe(200);
    expect((await post({ id: "9", user: "u9", text: "hi" })).status).toBe(200);
    expect(runs).toBe(1);
    expect(logs()).toContain("update failed");
  });
});

describe("an intake that answers on claim (Zalo)", () => {
  it("answers 200 before the turn ends, ignores a copy meanwhile, and runs one person's turns in arrival order", async () => {
    const { intake } = intakeWith("on-claim");
    const first = gate();
    const order: string[] = [];
    const post = await webhook(intake, async (update) => {
      if (update.id === "a") await first.opened;
      order.push(update.id);
    });
    expect((await post({ id: "a", user: "same", text: "one" })).status).toBe(200);
    expect((await post({ id: "a", user: "same", text: "one" })).status).toBe(200);
    expect((await post({ id: "b", user: "same", text: "two" })).status).toBe(200);
    expect((await post({ id: "c", user: "other", text: "three" })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The other person is not held up; this person's second message waits for the first.
    expect(order).toEqual(["c"]);
    first.open();
    await intake.stop();
    expect(order).toEqual(["c", "a", "b"]);
  });

  it("answers 503 once stopping, so the platform delivers to an instance that is up", async () => {
    const { intake } = intakeWith("on-claim");
    const post = await webhook(intake, async () => undefined);
    await intake.stop();
    const response = await post({ id: "s", user: "u", text: "hi" });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "shutting down" });
  });

  it("answers 200 without claiming anything when the adapter finds nothing to answer, and the adapter's 400 to a body that is not an update", async () => {
    const { intake } = intakeWith("on-claim");
    const post = await webhook(intake, async () => undefined);
    expect((await post({ id: "n", user: "u", text: "" })).status).toBe(200);
    expect((await post({ id: 1 })).status).toBe(400);
    expect(await database.prisma.processedUpdate.count()).toBe(0);
  });

  it("runs again a stored delivery whose process died, once its lease has passed, and completes it", async () => {
    const { intake } = intakeWith("on-claim");
    const claimedBefore = createProcessedUpdates(database, { now: () => new Date(Date.now() - 120_000) });
    expect(await claimedBefore.claim("test:lost", JSON.stringify({ user: "u5", text: "hi" }))).toBe(true);
    const resumed: string[] = [];
    const found = await intake.resume("test:", (payload) => {
      const { user, text } = JSON.parse(payload) as { user: string; text: string };
      return { userId: user, turn: async () => void resumed.push(text) };
    });
    expect(found).toBe(1);
    await intake.stop();
    expect(resumed).toEqual(["hi"]);
    expect(await createProcessedUpdates(database).inProgress("test:lost")).toBe(false);
  });
});

describe("an update that cannot be claimed", () => {
  /** A processed-updates store on a database that has gone away. */
  async function unreachableStore() {
    const fresh = await freshDatabaseOptions();
    const gone = await openDatabase(fresh.options);
    await gone.close();
    cleanups.push(() => fresh.drop());
    return createProcessedUpdates(gone);
  }

  it("answers 503 when the database is unreachable, so the platform delivers it again", async () => {
    const { intake, logs } = intakeWith("on-claim", { processedUpdates: await unreachableStore() });
    const turns: string[] = [];
    const post = await webhook(intake, async (update) => void turns.push(update.id));
    const response = await post({ id: "d", user: "u", text: "hi" });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "temporarily unavailable" });
    expect(turns).toEqual([]);
    expect(logs()).toContain("database unavailable");
  });

  it("is logged as dropped when it was polled, since polling cannot hand it back", async () => {
    const { intake, logs } = intakeWith("on-claim", { processedUpdates: await unreachableStore() });
    let ran = false;
    const delivery: Delivery = { key: "test:p", userId: "u", turn: async () => void (ran = true) };
    await intake.poll(delivery);
    expect(ran).toBe(false);
    expect(logs()).toContain("a polled update was dropped");
  });
});

describe("a conversation turn", () => {
  it("sends the core's answer after remembering it", async () => {
    const { intake, sent } = intakeWith("on-claim");
    const remembered: string[][] = [];
    await intake.converse(
      "p1",
      async () => ({ channel: "zalo-bot", userId: "p1", text: "/hello" }),
      async (result) => {
        remembered.push(result.replies.flatMap((reply) => (reply.buttons ?? []).map((button) => button.label)));
        expect(sent).toEqual([]);
      },
    );
    expect(remembered).toEqual([["Again"]]);
    expect(sent).toEqual([{ userId: "p1", texts: ["hello there"], locale: "vi" }]);
  });

  it("apologises politely when the turn fails, and logs the failure", async () => {
    const { intake, sent, logs } = intakeWith("on-claim");
    await intake.converse("p2", async () => ({ channel: "zalo-bot", userId: "p2", text: "/boom" }));
    expect(sent).toEqual([{ userId: "p2", texts: [texts.t("vi", "error.generic")], locale: undefined }]);
    expect(logs()).toContain("update failed");
  });

  it("logs a reply the platform did not take, and an apology that could not be sent, without throwing", async () => {
    const refused: SendOutcome = { status: "blocked", reason: "the person blocked the OA" };
    const { intake, logs } = intakeWith("on-claim", { send: async () => refused });
    await intake.converse("p3", async () => ({ channel: "zalo-bot", userId: "p3", text: "/hello" }));
    expect(logs()).toContain("reply not delivered");
    const failing = intakeWith("on-claim", {
      send: async () => {
        throw new Error("network down");
      },
    });
    await failing.intake.converse("p4", async () => ({ channel: "zalo-bot", userId: "p4", text: "/hello" }));
    expect(failing.logs()).toContain("could not tell the user about the failure");
  });
});
