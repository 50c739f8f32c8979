import pino, { type Logger } from "pino";

/**
 * Paths that may carry personal data or secrets anywhere in our log records. Values at
 * these paths are replaced, never printed.
 */
export const redactedPaths = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "citizenId",
  "*.citizenId",
  "phone",
  "*.phone",
  "fullName",
  "*.fullName",
  // A failed query's error carries its values (a conversation's answers, a registration's fields).
  "err.params",
  "err.cause.params",
  // A failed Telegram call carries what we tried to send (a registration summary, say).
  "err.payload",
  "err.error.payload",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-bot-api-secret-token"]',
];

export function createLogger(options: { level: string; pretty: boolean; destination?: pino.DestinationStream }): Logger {
  const base = { level: options.level, redact: { paths: redactedPaths, censor: "[redacted]" } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "HH:MM:ss" } } });
  }
  return pino(base);
}
