import { createHash } from "node:crypto";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * The whole environment of the app, validated once at start-up. Nothing else reads
 * process.env: every other module receives what it needs from here.
 */
const telegramToken = z.string().regex(/^\d{5,}:[A-Za-z0-9_-]{30,}$/, "must look like 123456789:AAE… (the token @BotFather gives)");

// A switch: on/off, true/false, yes/no or 1/0.
const onOff = z
  .enum(["on", "off", "true", "false", "yes", "no", "1", "0"], { error: "must be on or off" })
  .transform((value) => ["on", "true", "yes", "1"].includes(value));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, "must be a PostgreSQL URL such as postgres://user:pass@host:5432/db")
    .refine((value) => URL.canParse(value), "is not a valid URL")
    .optional(),
  // Reverse proxies whose X-Forwarded-For / -Proto are believed: addresses or CIDR ranges.
  // Without it the client's own address is used, whatever headers it sends.
  TRUSTED_PROXIES: z
    .string()
    .refine(
      (value) => value.split(",").every((item) => isProxyAddress(item.trim())),
      "must be a comma-separated list of IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8",
    )
    .optional(),
  // A user owning the schema, for migrations only; DATABASE_URL's user then needs only row rights.
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, "must be a PostgreSQL URL such as postgres://owner:pass@host:5432/db")
    .refine((value) => URL.canParse(value), "is not a valid URL")
    .optional(),
  // A PostgreSQL server starting after the app is normal: how long to keep trying at start.
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_000_000)
    .default(256 * 1024),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be the public https:// address of this server" }).optional(),
  TELEGRAM_BOT_TOKEN: telegramToken.optional(),
  // Where people find the bot on Telegram and Zalo: the web chat cannot push announcements and
  // sends subscribers there.
  PUBLIC_TELEGRAM_URL: z.url({ protocol: /^https$/, error: "must be an https:// address such as https://t.me/your_bot" }).optional(),
  PUBLIC_ZALO_URL: z.url({ protocol: /^https$/, error: "must be an https:// address such as https://zalo.me/your-oa-id" }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A–Z, a–z, 0–9, _ or -")
    .optional(),
  TELEGRAM_API_ROOT: z.url({ error: "must be a URL such as https://api.telegram.org" }).default("https://api.telegram.org"),
  // The token sits in the URL path of every call, so it may hold neither "/" nor spaces.
  ZALO_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[^\s/]+$/, "must look like 12345689:abc-xyz (the token Zalo Bot Creator sends you)")
    .optional(),
  ZALO_BOT_API_ROOT: z.url({ error: "must be a URL such as https://bot-api.zaloplatforms.com" }).default("https://bot-api.zaloplatforms.com"),
  ZALO_BOT_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, "must be 8–256 characters of A–Z, a–z, 0–9, _ or -")
    .optional(),
  ZALO_OA_APP_ID: z
    .string()
    .regex(/^\d{5,}$/, "must be the numeric app id shown on developers.zalo.me")
    .optional(),
  ZALO_OA_APP_SECRET: z
    .string()
    .regex(/^\S{8,}$/, "must be the app's secret key from developers.zalo.me")
    .optional(),
  ZALO_OA_SECRET_KEY: z
    .string()
    .regex(/^\S{8,}$/, "must be the OA secret key of the app's webhook settings")
    .optional(),
  ZALO_OA_ACCESS_TOKEN: z
    .string()
    .regex(/^\S{16,}$/, "must be an OA access token (no spaces)")
    .optional(),
  ZALO_OA_REFRESH_TOKEN: z
    .string()
    .regex(/^\S{16,}$/, "must be an OA refresh token (no spaces)")
    .optional(),
  ZALO_OA_API_ROOT: z.url({ error: "must be a URL such as https://openapi.zalo.me" }).default("https://openapi.zalo.me"),
  ZALO_OA_OAUTH_ROOT: z.url({ error: "must be a URL such as https://oauth.zaloapp.com" }).default("https://oauth.zaloapp.com"),
  KB_MIN_COVERAGE: z.coerce.number().min(0).max(1).default(0.3),
  KB_MIN_COVERAGE_ANCHORED: z.coerce.number().min(0).max(1).default(0.12),
  KB_ANSWER_MARGIN: z.coerce.number().min(1).max(10).default(1.1),
  KB_SHORT_QUESTION_WORDS: z.coerce.number().int().min(0).max(10).default(2),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  REGISTRATION_ENCRYPTION_KEY: z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32,
      "must be 32 random bytes in base64 (make one with: openssl rand -base64 32)",
    )
    .optional(),
  ADMIN_API_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_.~+/=-]{24,256}$/, "must be 24–256 characters without spaces (make one with: openssl rand -base64 32)")
    .optional(),
  // Staff who receive test sends of an announcement: "telegram:123,zalo-bot:abc".
  ADMIN_TEST_RECIPIENTS: z
    .string()
    .regex(
      /^\s*(telegram|zalo-bot|zalo-oa):[^\s,]+(\s*,\s*(telegram|zalo-bot|zalo-oa):[^\s,]+)*\s*$/,
      "must be a comma-separated list of <channel>:<user id>, e.g. telegram:123,zalo-bot:abc",
    )
    .optional(),
  // Telegram's documented limits: about 30 messages/s overall and 1/s per chat.
  ANNOUNCEMENT_TELEGRAM_PER_SECOND: z.coerce.number().positive().max(10_000).default(30),
  ANNOUNCEMENT_TELEGRAM_PER_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  ANNOUNCEMENT_ZALO_BOT_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  ANNOUNCEMENT_ZALO_OA_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  ANNOUNCEMENT_ZALO_PER_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  ANNOUNCEMENT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  ANNOUNCEMENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  ANNOUNCEMENT_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  STAFF_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  STAFF_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  STAFF_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  STAFF_LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  // Above what a person does: the whole registration form (about 25 messages) fits in the
  // burst, and nobody types or taps a message every second for long. Scripts and stuck keys do.
  FLOOD_MESSAGES_PER_MINUTE: z.coerce.number().min(0).max(100_000).default(60),
  FLOOD_BURST: z.coerce.number().int().min(1).max(100_000).default(30),
  // New web chat sessions one address may open per hour (every one is a database row); 0: no limit.
  WEB_CHAT_SESSIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(100),
  // An optional language model on an OpenAI-compatible server; unset: none, and nothing changes.
  LLM_BASE_URL: z.url({ protocol: /^https?$/, error: "must be the http(s):// address of an OpenAI-compatible API, ending in /v1" }).optional(),
  LLM_MODEL: z
    .string()
    .regex(/^\S{1,200}$/, "must be the model's name as the server knows it (no spaces)")
    .optional(),
  LLM_API_KEY: z
    .string()
    .regex(/^\S{1,500}$/, "must be the key without spaces")
    .optional(),
  // The person waits this long at most before the plain answer is sent.
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  LLM_DAILY_CALLS: z.coerce.number().int().min(0).max(10_000_000).default(2000),
  LLM_REWRITE: onOff.default(true),
  LLM_COMPOSE: onOff.default(false),
  LLM_PHRASINGS: onOff.default(false),
  // How long personal data outside registrations is kept (SECURITY.md, "Retention"), in days.
  RETENTION_CONVERSATION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_QUESTION_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  RETENTION_CLOSED_HANDOFF_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // Days before a reporting deadline when staff who linked a chat get a reminder: "7,2".
  REPORT_REMINDER_DAYS: z
    .string()
    .regex(/^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$/, "must be days before the deadline, separated by commas, e.g. 7,2")
    .default("7,2")
    .transform((text) => [...new Set(text.split(",").map((day) => Number(day.trim())))].sort((a, b) => b - a)),
  // Zalo OA events signed longer ago (or further ahead) than this are refused.
  ZALO_OA_EVENT_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env["NODE_ENV"];
  port: number;
  host: string;
  logLevel: Env["LOG_LEVEL"];
  dataDir: string;
  /** Absent: the embedded PGlite database in `dataDir`. */
  databaseUrl?: string;
  /** How long start-up keeps trying to reach PostgreSQL before giving up; 0: one try. */
  databaseWaitSeconds: number;
  /** Another PostgreSQL user that owns the schema and applies migrations; absent: DATABASE_URL's user does. */
  databaseMigrationUrl?: string;
  bodyLimitBytes: number;
  /** Proxies whose forwarded headers are believed; empty: none. */
  trustedProxies: string[];
  publicUrl?: string;
  shutdownGraceMs: number;
  /** When the knowledge base answers, asks "did you mean…", or falls back. */
  knowledge: { minCoverage: number; minCoverageAnchored: number; margin: number; shortQuestionWords: number };
  /**
   * The key that encrypts citizen IDs and phones. Absent on the embedded default: a key file
   * in `dataDir` is created once and reused. Required with DATABASE_URL (checked below).
   */
  registrationKey?: Buffer;
  /** Bearer token of the admin API for scripts (acts as an administrator); absent: console accounts only. */
  adminApiToken?: string;
  /** Console sessions and login throttling. */
  staff: { idleMinutes: number; absoluteHours: number; loginMaxFailures: number; loginWindowMinutes: number };
  /** Per person and channel, in each instance's memory; messagesPerMinute 0 turns it off. */
  flood: { messagesPerMinute: number; burst: number };
  /** Web chat sessions one address may open per hour, in each instance's memory; 0: no limit. */
  webChatSessionsPerAddress: number;
  /** Days kept: conversations idle, question-log entries, closed handoffs (purged daily and at start). */
  retention: { conversationDays: number; questionLogDays: number; closedHandoffDays: number };
  /** Days before each reporting deadline when linked staff chats get a reminder, furthest first. */
  reportReminderDays: number[];
  announcements: {
    /** Public links to the bot on the platforms that can push announcements, for web visitors. */
    elsewhere: { telegram?: string; zalo?: string };
    /** Staff who receive an announcement's test send. */
    testRecipients: { channel: "telegram" | "zalo-bot" | "zalo-oa"; userId: string }[];
    /** Per channel: messages per second overall, and the least gap between two messages to one person. */
    rateLimits: Record<"telegram" | "zalo-bot" | "zalo-oa", { perSecond: number; perChatIntervalMs: number }>;
    /** Sends in flight at once per worker: also the most a crash can send twice. */
    workerConcurrency: number;
    maxAttempts: number;
    /** A delivery claimed longer ago than this is presumed lost with its worker and requeued. */
    leaseMs: number;
  };
  telegram?: {
    token: string;
    apiRoot: string;
    /** Set when PUBLIC_URL is set: webhook mode; otherwise long polling. */
    webhook?: { url: string; secret: string };
  };
  /** An optional language model for the questions search cannot place; absent: none (the default). */
  llm?: {
    baseUrl: string;
    model: string;
    apiKey?: string;
    timeoutMs: number;
    /** Calls allowed per UTC day and instance; past it, answers are the plain ones. */
    dailyCalls: number;
    uses: { rewrite: boolean; compose: boolean; phrasings: boolean };
  };
  zaloBot?: {
    token: string;
    apiRoot: string;
    /** Set when PUBLIC_URL is set: webhook mode; otherwise getUpdates polling. */
    webhook?: { url: string; secret: string };
  };
  zaloOa?: {
    appId: string;
    /** OAuth `secret_key`: the app's secret. */
    appSecret: string;
    /** Webhook signatures: the OA secret key, a different value from the app's secret. */
    oaSecretKey: string;
    /** The first tokens only: once stored in the database, the database wins. */
    accessToken: string;
    refreshToken: string;
    apiRoot: string;
    oauthRoot: string;
    /** Events whose signed timestamp is further than this from now are refused (replays). */
    eventWindowMinutes: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** For entry points: a bad environment ends the process with one readable line per variable (exit 78, EX_CONFIG). */
export function loadConfigOrExit(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(stripEmpty(environment));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`));
  }
  const env = parsed.data;
  // Instances sharing a PostgreSQL server must share the key, and a key file on one machine
  // would silently make the others' rows unreadable: so the key must come from configuration.
  if (env.DATABASE_URL && !env.REGISTRATION_ENCRYPTION_KEY) {
    throw new ConfigError([
      "REGISTRATION_ENCRYPTION_KEY is required when DATABASE_URL is set: every instance must use the same key to read the citizen IDs it stores (make one with: openssl rand -base64 32, and keep a copy somewhere safe)",
    ]);
  }
  if (env.DATABASE_MIGRATION_URL && !env.DATABASE_URL) {
    throw new ConfigError(["DATABASE_MIGRATION_URL is set without DATABASE_URL: it only applies to a PostgreSQL database"]);
  }
  if (env.LLM_BASE_URL && !env.LLM_MODEL) {
    throw new ConfigError(["LLM_MODEL is required when LLM_BASE_URL is set: the name of the model as the server knows it (e.g. qwen2.5-7b-instruct)"]);
  }
  const zaloOaMissing = missingZaloOaVariables(env);
  if (zaloOaMissing.length) throw new ConfigError(zaloOaMissing);
  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, "");
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databaseWaitSeconds: env.DATABASE_WAIT_SECONDS,
    databaseMigrationUrl: env.DATABASE_MIGRATION_URL,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustedProxies: (env.TRUSTED_PROXIES ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
    publicUrl,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    knowledge: {
      minCoverage: env.KB_MIN_COVERAGE,
      minCoverageAnchored: env.KB_MIN_COVERAGE_ANCHORED,
      margin: env.KB_ANSWER_MARGIN,
      shortQuestionWords: env.KB_SHORT_QUESTION_WORDS,
    },
    registrationKey: env.REGISTRATION_ENCRYPTION_KEY ? Buffer.from(env.REGISTRATION_ENCRYPTION_KEY, "base64") : undefined,
    adminApiToken: env.ADMIN_API_TOKEN,
    staff: {
      idleMinutes: env.STAFF_SESSION_IDLE_MINUTES,
      absoluteHours: env.STAFF_SESSION_MAX_HOURS,
      loginMaxFailures: env.STAFF_LOGIN_MAX_FAILURES,
      loginWindowMinutes: env.STAFF_LOGIN_WINDOW_MINUTES,
    },
    flood: { messagesPerMinute: env.FLOOD_MESSAGES_PER_MINUTE, burst: env.FLOOD_BURST },
    webChatSessionsPerAddress: env.WEB_CHAT_SESSIONS_PER_ADDRESS,
    reportReminderDays: env.REPORT_REMINDER_DAYS,
    retention: {
      conversationDays: env.RETENTION_CONVERSATION_DAYS,
      questionLogDays: env.RETENTION_QUESTION_LOG_DAYS,
      closedHandoffDays: env.RETENTION_CLOSED_HANDOFF_DAYS,
    },
    announcements: {
      elsewhere: { telegram: env.PUBLIC_TELEGRAM_URL, zalo: env.PUBLIC_ZALO_URL },
      testRecipients: (env.ADMIN_TEST_RECIPIENTS ?? "")
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => {
          const at = item.indexOf(":");
          return { channel: item.slice(0, at) as "telegram" | "zalo-bot" | "zalo-oa", userId: item.slice(at + 1) };
        }),
      rateLimits: {
        telegram: { perSecond: env.ANNOUNCEMENT_TELEGRAM_PER_SECOND, perChatIntervalMs: env.ANNOUNCEMENT_TELEGRAM_PER_CHAT_INTERVAL_MS },
        "zalo-bot": { perSecond: env.ANNOUNCEMENT_ZALO_BOT_PER_SECOND, perChatIntervalMs: env.ANNOUNCEMENT_ZALO_PER_CHAT_INTERVAL_MS },
        "zalo-oa": { perSecond: env.ANNOUNCEMENT_ZALO_OA_PER_SECOND, perChatIntervalMs: env.ANNOUNCEMENT_ZALO_PER_CHAT_INTERVAL_MS },
      },
      workerConcurrency: env.ANNOUNCEMENT_WORKER_CONCURRENCY,
      maxAttempts: env.ANNOUNCEMENT_MAX_ATTEMPTS,
      leaseMs: env.ANNOUNCEMENT_LEASE_MS,
    },
    telegram: env.TELEGRAM_BOT_TOKEN
      ? {
          token: env.TELEGRAM_BOT_TOKEN,
          apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
          webhook: publicUrl
            ? {
                url: `${publicUrl}/webhooks/telegram`,
                secret: env.TELEGRAM_WEBHOOK_SECRET ?? deriveSecret(env.TELEGRAM_BOT_TOKEN),
              }
            : undefined,
        }
      : undefined,
    llm:
      env.LLM_BASE_URL && env.LLM_MODEL
        ? {
            baseUrl: env.LLM_BASE_URL.replace(/\/+$/, ""),
            model: env.LLM_MODEL,
            apiKey: env.LLM_API_KEY,
            timeoutMs: env.LLM_TIMEOUT_MS,
            dailyCalls: env.LLM_DAILY_CALLS,
            uses: { rewrite: env.LLM_REWRITE, compose: env.LLM_COMPOSE, phrasings: env.LLM_PHRASINGS },
          }
        : undefined,
    zaloBot: env.ZALO_BOT_TOKEN
      ? {
          token: env.ZALO_BOT_TOKEN,
          apiRoot: env.ZALO_BOT_API_ROOT.replace(/\/+$/, ""),
          webhook: publicUrl
            ? {
                url: `${publicUrl}/webhooks/zalo-bot`,
                secret: env.ZALO_BOT_WEBHOOK_SECRET ?? deriveSecret(`zalo-bot:${env.ZALO_BOT_TOKEN}`),
              }
            : undefined,
        }
      : undefined,
    zaloOa:
      env.ZALO_OA_APP_ID && env.ZALO_OA_APP_SECRET && env.ZALO_OA_SECRET_KEY && env.ZALO_OA_ACCESS_TOKEN && env.ZALO_OA_REFRESH_TOKEN
        ? {
            appId: env.ZALO_OA_APP_ID,
            appSecret: env.ZALO_OA_APP_SECRET,
            oaSecretKey: env.ZALO_OA_SECRET_KEY,
            accessToken: env.ZALO_OA_ACCESS_TOKEN,
            refreshToken: env.ZALO_OA_REFRESH_TOKEN,
            apiRoot: env.ZALO_OA_API_ROOT.replace(/\/+$/, ""),
            oauthRoot: env.ZALO_OA_OAUTH_ROOT.replace(/\/+$/, ""),
            eventWindowMinutes: env.ZALO_OA_EVENT_WINDOW_MINUTES,
          }
        : undefined,
  };
}

// The Zalo OA channel needs all five values; some without the others is a half-done setup
// that would otherwise fail only when the first token expires.
const zaloOaVariables = ["ZALO_OA_APP_ID", "ZALO_OA_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_ACCESS_TOKEN", "ZALO_OA_REFRESH_TOKEN"] as const;

function missingZaloOaVariables(env: Env): string[] {
  const given = zaloOaVariables.filter((name) => env[name] !== undefined);
  if (given.length === 0) return [];
  return zaloOaVariables
    .filter((name) => env[name] === undefined)
    .map((name) => `${name} is required when ${given[0]} is set (the Zalo OA channel needs all of ${zaloOaVariables.join(", ")})`);
}

function isProxyAddress(item: string): boolean {
  const [address, prefix, ...rest] = item.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

// Empty variables (`PORT=`) mean "not set", as most people expect from a .env file.
function stripEmpty(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
}

// Several instances must agree on the webhook secret without extra configuration,
// so the default is derived from the token rather than random.
function deriveSecret(token: string): string {
  return createHash("sha256").update(`webhook:${token}`).digest("base64url").slice(0, 48);
}
