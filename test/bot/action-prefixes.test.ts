import { describe, expect, it } from "vitest";
import { ActionPrefixClash, createBotCore, packAction, type Feature } from "../../src/bot/core/index.js";
import { silentLogger } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

const store = {} as never;
const featureWithAction = (prefix: string): Feature => ({ actions: { [prefix]: async () => [] } });

describe("button action prefixes", () => {
  it("refuses, when the core is built, two features handling one prefix", () => {
    expect(() => createBotCore({ store, texts, logger: silentLogger, features: [featureWithAction("kb"), featureWithAction("kb")] })).toThrow(
      ActionPrefixClash,
    );
  });

  it("refuses a feature taking a prefix of the core's own navigation", () => {
    expect(() => createBotCore({ store, texts, logger: silentLogger, features: [featureWithAction("menu")] })).toThrow(/"menu" is claimed by the core/);
  });

  it("lets one feature handle the prefix of its own flow", () => {
    const feature: Feature = { ...featureWithAction("ho"), flows: [{ id: "ho", prompt: async () => [], handle: async () => [] } as never] };
    expect(() => createBotCore({ store, texts, logger: silentLogger, features: [feature] })).not.toThrow();
  });

  it("packs an action and refuses one over Telegram's 64 bytes", () => {
    expect(packAction("loan", "amount", 100)).toBe("loan:amount:100");
    expect(() => packAction("kb", "đ".repeat(40))).toThrow(/over 64 bytes/);
  });
});
