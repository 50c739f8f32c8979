import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFlow, done, next, stay, type Feature } from "../../src/bot/core/index.js";
import { openTestDatabase } from "../helpers/database.js";
import { coreOn, texts } from "../helpers/core.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.dropAll());

let user = 0;
const someone = () => ({ channel: "web" as const, userId: `core-${++user}` });

/** A two-step flow that stores answers, to exercise the core's flow handling. */
const echoFlow = defineFlow({
  id: "echo",
  data: z.record(z.string(), z.string()),
  steps: ["first", "second"],
  async start() {
    return next("first");
  },
  async handle(turn, input) {
    turn.flow.data[turn.flow.step] = input.text ?? input.action ?? "";
    if (turn.flow.step === "first") return stay([{ text: "second?", buttons: [{ label: "B", action: "echo:b" }] }], "second");
    return done([{ text: `done ${JSON.stringify(turn.flow.data)}` }]);
  },
  async ask(turn, step) {
    return [{ text: `${step}?` }];
  },
});
const echoFeature: Feature = {
  menu: [{ action: "flow:echo", labelKey: "menu.help" }],
  commands: { echo: (turn) => turn.startFlow("echo") },
  flows: [echoFlow],
};

describe("bot core", () => {
  it("greets /start with the welcome text and the menu", async () => {
    const { replies } = await coreOn(database).handle({ ...someone(), text: "/start" });
    expect(replies[0]!.text).toBe(texts.t("vi", "welcome"));
    expect(replies[0]!.buttons?.map((b) => b.action)).toEqual(["help", "language"]);
  });

  it("lists only the features that are plugged in, first in the menu", async () => {
    const { replies } = await coreOn(database, { features: [echoFeature] }).handle({ ...someone(), text: "/menu" });
    expect(replies[0]!.buttons?.map((b) => b.action)).toEqual(["flow:echo", "help", "language"]);
  });

  it("switches to English with the language button and remembers it", async () => {
    const core = coreOn(database);
    const person = someone();
    await core.handle({ ...person, action: "lang:en" });
    const { replies, locale } = await core.handle({ ...person, text: "/help" });
    expect(locale).toBe("en");
    expect(replies[0]!.text).toContain("You can:");
  });

  it("ignores an unknown language and stays in Vietnamese", async () => {
    const { locale } = await coreOn(database).handle({ ...someone(), action: "lang:fr" });
    expect(locale).toBe("vi");
  });

  it("answers free text with the help text and a fallback outcome until a knowledge base is plugged in", async () => {
    const { replies, outcome } = await coreOn(database).handle({ ...someone(), text: "vay bao nhiêu?" });
    expect(replies[0]!.text).toContain(texts.t("vi", "help").split("\n")[0]!);
    expect(outcome?.kind).toBe("fallback");
  });

  it("runs a flow step by step, by text and by button, and keeps its answers", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    expect((await core.handle({ ...person, text: "/echo" })).replies[0]!.text).toBe("first?");
    expect((await core.handle({ ...person, text: "hello" })).replies[0]!.text).toBe("second?");
    expect((await core.handle({ ...person, action: "echo:b" })).replies[0]!.text).toBe('done {"first":"hello","second":"b"}');
  });

  it("answers a button of a finished flow with what it was and an offer to start again (issue 16, item 4)", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    await core.handle({ ...person, text: "hello" });
    await core.handle({ ...person, action: "echo:b" });
    const { replies } = await core.handle({ ...person, action: "echo:b" });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(texts.t("vi", "flow.ended"));
    expect(replies[0]!.buttons?.map((b) => b.action)).toEqual(["flow:echo", "menu"]);
  });

  it("stops a flow at any step with /cancel", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    const { replies } = await core.handle({ ...person, text: "/cancel" });
    expect(replies[0]!.text).toBe(texts.t("vi", "cancelled"));
    expect((await core.handle({ ...person, text: "hello" })).outcome?.kind).toBe("fallback");
  });

  it("leaves a flow with /menu or the menu button, keeps its answers aside and offers them back", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    await core.handle({ ...person, text: "one" });
    const left = await core.handle({ ...person, action: "menu" });
    expect(left.replies[0]!.text).toBe(texts.t("vi", "menu.paused"));
    expect(left.flow).toBeUndefined();
    const resume = left.replies[0]!.buttons![0]!;
    expect(resume).toEqual({ action: "resume", label: texts.t("vi", "menu.resume", { name: "Hướng dẫn" }) });
    // Free text now goes to the questions, not to the paused step.
    expect((await core.handle({ ...person, text: "hello" })).outcome?.kind).toBe("fallback");
    // Every menu offers the paused flow until it is resumed.
    expect((await core.handle({ ...person, text: "/menu" })).replies[0]!.buttons![0]!.action).toBe("resume");
    const back = await core.handle({ ...person, action: "resume" });
    expect(back.replies[0]!.text).toBe("second?");
    expect(back.flow).toBe("echo");
    expect((await core.handle({ ...person, text: "two" })).replies[0]!.text).toBe('done {"first":"one","second":"two"}');
    expect((await core.handle({ ...person, text: "/menu" })).replies[0]!.buttons![0]!.action).toBe("flow:echo");
  });

  it("continues a paused flow when it is opened again from the menu, and stops it with /cancel", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    await core.handle({ ...person, text: "one" });
    await core.handle({ ...person, text: "/menu" });
    expect((await core.handle({ ...person, action: "flow:echo" })).replies[0]!.text).toBe("second?");
    await core.handle({ ...person, text: "/menu" });
    expect((await core.handle({ ...person, text: "/cancel" })).replies[0]!.text).toBe(texts.t("vi", "cancelled"));
    const menu = await core.handle({ ...person, text: "/menu" });
    expect(menu.replies[0]!.buttons!.map((b) => b.action)).not.toContain("resume");
  });

  it("asks the current step again for an empty message (a reloaded web page), and shows the menu otherwise", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    const again = await core.handle({ ...person });
    expect(again.replies[0]!.text).toBe("first?");
    expect(again.flow).toBe("echo");
  });

  it("says it can only read text when sent a sticker, then asks the same step again", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    const { replies } = await core.handle({ ...person, unsupported: true });
    expect(replies.map((r) => r.text)).toEqual([texts.t("vi", "unsupported"), "first?"]);
  });

  it("answers an unknown command politely and re-asks the current step", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    const { replies } = await core.handle({ ...person, text: "/whatever" });
    expect(replies.map((r) => r.text)).toEqual([texts.t("vi", "unknownCommand"), "first?"]);
  });

  it("treats names of JavaScript's own object methods as unknown commands and buttons, not as handlers", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    const command = await core.handle({ ...person, text: "/constructor" });
    expect(command.replies[0]!.text).toBe(texts.t("vi", "unknownCommand"));
    for (const action of ["valueOf", "toString:x", "hasOwnProperty"]) {
      const { replies } = await core.handle({ ...person, action });
      expect(replies[0]!.text).toBe(texts.t("vi", "menu.title"));
    }
  });

  it("keeps a flow going in a new core on the same database, as after a restart", async () => {
    const person = someone();
    await coreOn(database, { features: [echoFeature] }).handle({ ...person, text: "/echo" });
    await coreOn(database, { features: [echoFeature] }).handle({ ...person, text: "one" });
    const { replies } = await coreOn(database, { features: [echoFeature] }).handle({ ...person, text: "two" });
    expect(replies[0]!.text).toBe('done {"first":"one","second":"two"}');
  });

  it("handles messages of one person that arrive together one after the other", async () => {
    const core = coreOn(database, { features: [echoFeature] });
    const person = someone();
    await core.handle({ ...person, text: "/echo" });
    const results = await Promise.all([core.handle({ ...person, text: "a" }), core.handle({ ...person, text: "b" })]);
    expect(results.map((r) => r.replies[0]!.text)).toEqual(["second?", 'done {"first":"a","second":"b"}']);
  });

  it("loses no answer when two instances handle one person at the same time", async () => {
    const person = someone();
    await coreOn(database, { features: [echoFeature] }).handle({ ...person, text: "/echo" });
    const [a, b] = [coreOn(database, { features: [echoFeature] }), coreOn(database, { features: [echoFeature] })];
    const texts = (await Promise.all([a.handle({ ...person, text: "x" }), b.handle({ ...person, text: "y" })])).map((r) => r.replies[0]!.text);
    // One turn saw the first step and the other the second: neither overwrote the other.
    expect(texts).toContain("second?");
    expect(texts.find((t) => t.startsWith("done"))).toMatch(/^done \{"first":"[xy]","second":"[xy]"\}$/);
  });
});
