import { createHash } from "node:crypto";
import path from "node:path";
import { z } from "zod";

/**
 * The whole environment of the app, validated once at start-up. Nothing else reads
 * process.env: every other module receives what it needs from here.
 */
const telegramToken = z
  .string()
  .regex(/^\d{5,}:[A-Za-z0-9_-]{30,}$/, "must look like 123456789:AAE… (the token @BotFather gives)");

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
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256 * 1024),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be the public https:// address of this server" })
    .optional(),
  TELEGRAM_BOT_TOKEN: telegramToken.optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A–Z, a–z, 0–9, _ or -")
    .optional(),
  TELEGRAM_API_ROOT: z.url({ error: "must be a URL such as https://api.telegram.org" }).default("https://api.telegram.org"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
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
  bodyLimitBytes: number;
  publicUrl?: string;
  shutdownGraceMs: number;
  telegram?: {
    token: string;
    apiRoot: string;
    /** Set when PUBLIC_URL is set: webhook mode; otherwise long polling. */
    webhook?: { url: string; secret: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(stripEmpty(environment));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`),
    );
  }
  const env = parsed.data;
  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, "");
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    publicUrl,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
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
  };
}

// Empty variables (`PORT=`) mean "not set", as most people expect from a .env file.
function stripEmpty(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

// Several instances must agree on the webhook secret without extra configuration,
// so the default is derived from the token rather than random.
function deriveSecret(token: string): string {
  return createHash("sha256").update(`webhook:${token}`).digest("base64url").slice(0, 48);
}

