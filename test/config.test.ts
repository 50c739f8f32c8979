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

  it("trusts no proxy by default, and takes addresses and CIDR ranges in TRUSTED_PROXIES", () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8,::1,fd00::/8" }).trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]);
    for (const bad of ["*", "true", "10.0.0.0/33", "nginx", "127.0.0.1,", "1.2.3.4/8/9"]) {
      expect(problemsOf({ TRUSTED_PROXIES: bad }), bad).toEqual([expect.stringMatching(/^TRUSTED_PROXIES must be a comma-separated list/)]);
    }
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

describe("Zalo configuration", () => {
  const zaloBotToken = "1459232241454765289:abc-xyz";
  const oa = {
    ZALO_OA_APP_ID: "3608465248940903967",
    ZALO_OA_APP_SECRET: "app-secret-value",
    ZALO_OA_SECRET_KEY: "oa-secret-key-value",
    ZALO_OA_ACCESS_TOKEN: "access-token-0123456789",
    ZALO_OA_REFRESH_TOKEN: "refresh-token-0123456789",
  };

  it("leaves both Zalo channels off when their variables are absent", () => {
    const config = loadConfig({});
    expect(config.zaloBot).toBeUndefined();
    expect(config.zaloOa).toBeUndefined();
  });

  it("polls the Zalo Bot API without PUBLIC_URL, on the official host by default", () => {
    expect(loadConfig({ ZALO_BOT_TOKEN: zaloBotToken }).zaloBot).toEqual({
      token: zaloBotToken,
      apiRoot: "https://bot-api.zaloplatforms.com",
      webhook: undefined,
    });
  });

  it("uses a Zalo Bot webhook with PUBLIC_URL and a derived secret of 8–256 safe characters", () => {
    const env = { ZALO_BOT_TOKEN: zaloBotToken, PUBLIC_URL: "https://bot.example.vn/", ZALO_BOT_API_ROOT: "https://bot-api.zapps.me/" };
    const zaloBot = loadConfig(env).zaloBot!;
    expect(zaloBot.apiRoot).toBe("https://bot-api.zapps.me");
    expect(zaloBot.webhook?.url).toBe("https://bot.example.vn/webhooks/zalo-bot");
    expect(zaloBot.webhook?.secret).toMatch(/^[A-Za-z0-9_-]{8,256}$/);
    expect(zaloBot.webhook?.secret).toBe(loadConfig(env).zaloBot!.webhook?.secret);
    expect(zaloBot.webhook?.secret).not.toContain("abc-xyz");
    expect(loadConfig({ ...env, ZALO_BOT_WEBHOOK_SECRET: "my-secret-1" }).zaloBot!.webhook?.secret).toBe("my-secret-1");
  });

  it("rejects a Zalo Bot token that could change the URL path, and a too short secret", () => {
    expect(problemsOf({ ZALO_BOT_TOKEN: "123/../abc" })).toEqual([expect.stringMatching(/^ZALO_BOT_TOKEN must look like 12345689:abc-xyz/)]);
    expect(problemsOf({ ZALO_BOT_WEBHOOK_SECRET: "short" })).toEqual([expect.stringMatching(/^ZALO_BOT_WEBHOOK_SECRET must be 8–256/)]);
  });

  it("switches the OA channel on with all five variables, with the documented hosts by default", () => {
    expect(loadConfig(oa).zaloOa).toEqual({
      appId: oa.ZALO_OA_APP_ID,
      appSecret: oa.ZALO_OA_APP_SECRET,
      oaSecretKey: oa.ZALO_OA_SECRET_KEY,
      accessToken: oa.ZALO_OA_ACCESS_TOKEN,
      refreshToken: oa.ZALO_OA_REFRESH_TOKEN,
      apiRoot: "https://openapi.zalo.me",
      oauthRoot: "https://oauth.zaloapp.com",
      eventWindowMinutes: 15,
    });
  });

  it("names every missing OA variable when only some are set", () => {
    const problems = problemsOf({ ZALO_OA_APP_ID: oa.ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY: oa.ZALO_OA_SECRET_KEY });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^ZALO_OA_APP_SECRET is required when ZALO_OA_APP_ID is set/);
  });
});

describe("registration configuration", () => {
  it("refuses DATABASE_URL without REGISTRATION_ENCRYPTION_KEY, saying why and how to make one", () => {
    expect(problemsOf({ DATABASE_URL: "postgres://u@localhost:5432/x" })).toEqual([
      expect.stringMatching(/^REGISTRATION_ENCRYPTION_KEY is required when DATABASE_URL is set.*openssl rand -base64 32/),
    ]);
  });

  it("takes a 32-byte base64 registration key and rejects any other", () => {
    const key = Buffer.alloc(32, 5).toString("base64");
    expect(loadConfig({ DATABASE_URL: "postgres://u@localhost:5432/x", REGISTRATION_ENCRYPTION_KEY: key }).registrationKey).toEqual(Buffer.alloc(32, 5));
    expect(problemsOf({ REGISTRATION_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toEqual([
      expect.stringMatching(/^REGISTRATION_ENCRYPTION_KEY must be 32 random bytes in base64/),
    ]);
  });

  it("leaves the admin API off without ADMIN_API_TOKEN and refuses a short token", () => {
    expect(loadConfig({}).adminApiToken).toBeUndefined();
    expect(problemsOf({ ADMIN_API_TOKEN: "short" })).toEqual([expect.stringMatching(/^ADMIN_API_TOKEN must be 24–256 characters/)]);
  });
});

describe("announcement configuration", () => {
  it("defaults to Telegram's documented limits: 30 messages/s overall and 1/s per chat", () => {
    const { announcements } = loadConfig({});
    expect(announcements.rateLimits.telegram).toEqual({ perSecond: 30, perChatIntervalMs: 1000 });
    expect(announcements.testRecipients).toEqual([]);
  });

  it("reads the staff test recipients as channel:user pairs", () => {
    expect(loadConfig({ ADMIN_TEST_RECIPIENTS: "telegram:123, zalo-bot:abc" }).announcements.testRecipients).toEqual([
      { channel: "telegram", userId: "123" },
      { channel: "zalo-bot", userId: "abc" },
    ]);
    expect(problemsOf({ ADMIN_TEST_RECIPIENTS: "fax:1" })).toEqual([expect.stringMatching(/^ADMIN_TEST_RECIPIENTS must be a comma-separated list/)]);
  });
});

describe("reporting reminders", () => {
  it("reminds 7 and 2 days ahead by default, takes other days furthest first, and refuses anything else", () => {
    expect(loadConfig({}).reportReminderDays).toEqual([7, 2]);
    expect(loadConfig({ REPORT_REMINDER_DAYS: "1, 10,0,10" }).reportReminderDays).toEqual([10, 1, 0]);
    expect(problemsOf({ REPORT_REMINDER_DAYS: "bảy" })).toEqual([expect.stringMatching(/^REPORT_REMINDER_DAYS must be days before the deadline/)]);
  });
});

describe("language model configuration", () => {
  it("has no language model unless LLM_BASE_URL is set", () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ LLM_MODEL: "qwen2.5-7b-instruct" }).llm).toBeUndefined();
  });

  it("rewords questions by default once a model is set, and composes or suggests phrasings only when switched on", () => {
    const llm = loadConfig({ LLM_BASE_URL: "http://10.0.0.5:8000/v1/", LLM_MODEL: "qwen2.5-7b-instruct" }).llm;
    expect(llm).toEqual({
      baseUrl: "http://10.0.0.5:8000/v1",
      model: "qwen2.5-7b-instruct",
      apiKey: undefined,
      timeoutMs: 4000,
      dailyCalls: 2000,
      uses: { rewrite: true, compose: false, phrasings: false },
    });
    const switched = loadConfig({ LLM_BASE_URL: "http://10.0.0.5:8000/v1", LLM_MODEL: "m", LLM_REWRITE: "off", LLM_COMPOSE: "on" }).llm;
    expect(switched?.uses).toEqual({ rewrite: false, compose: true, phrasings: false });
    expect(loadConfig({ LLM_BASE_URL: "http://10.0.0.5:8000/v1", LLM_MODEL: "m", LLM_PHRASINGS: "on" }).llm?.uses.phrasings).toBe(true);
  });

  it("asks for the model's name with the URL, and names a bad switch, timeout or URL", () => {
    expect(problemsOf({ LLM_BASE_URL: "http://10.0.0.5:8000/v1" })[0]).toMatch(/LLM_MODEL is required/);
    const problems = problemsOf({ LLM_BASE_URL: "ftp://x", LLM_MODEL: "m", LLM_COMPOSE: "maybe", LLM_TIMEOUT_MS: "5" });
    expect(problems.join("\n")).toMatch(/LLM_BASE_URL/);
    expect(problems.join("\n")).toMatch(/LLM_COMPOSE must be on or off/);
    expect(problems.join("\n")).toMatch(/LLM_TIMEOUT_MS/);
  });
});
