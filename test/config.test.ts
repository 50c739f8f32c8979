import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("runs on the embedded database with no variables at all", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.telegram).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
  });

  it("names the variable and the expected shape of a malformed DATABASE_URL", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://x@y/z" })).toEqual([expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL/)]);
  });

  it("rejects a Telegram token that is not of BotFather's shape", () => {
    expect(problemsOf({ TELEGRAM_BOT_TOKEN: "abc" })).toEqual([expect.stringMatching(/^TELEGRAM_BOT_TOKEN must look like/)]);
  });

  it("reports every bad variable at once", () => {
    expect(problemsOf({ PORT: "70000", LOG_LEVEL: "loud", PUBLIC_URL: "ftp://x" })).toHaveLength(3);
  });

  it("uses long polling without PUBLIC_URL and a webhook with it", () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: token }).telegram?.webhook).toBeUndefined();
    const webhook = loadConfig({ TELEGRAM_BOT_TOKEN: token, PUBLIC_URL: "https://bot.example.vn/" }).telegram?.webhook;
    expect(webhook?.url).toBe("https://bot.example.vn/webhooks/telegram");
    expect(webhook?.secret).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it("gives every instance the same default webhook secret for one token", () => {
    const env = { TELEGRAM_BOT_TOKEN: token, PUBLIC_URL: "https://bot.example.vn" };
    expect(loadConfig(env).telegram?.webhook?.secret).toBe(loadConfig(env).telegram?.webhook?.secret);
    expect(loadConfig(env).telegram?.webhook?.secret).not.toContain(token.split(":")[1]);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });
});
