import { Api, GrammyError, HttpError } from "grammy";
import { sent, splitText, type OutboundSender, type SendOutcome } from "../../../shared/index.js";

/**
 * The Telegram sender for announcements, on its own grammY `Api` without the auto-retry that
 * the conversation channel uses: the announcement worker must see a 429 to pause the whole
 * channel, instead of one request silently sleeping while the others keep hitting the limit.
 */
export function createTelegramPushSender(options: { token: string; apiRoot: string }): OutboundSender {
  return createTelegramSender(new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: SEND_TIMEOUT_SECONDS }));
}

// grammY's default is 500 s: one hanging request would hold a worker slot far past the
// delivery's lease, and another instance would then requeue it and send it a second time.
// A timeout is a transient failure: the worker retries it with back-off.
const SEND_TIMEOUT_SECONDS = 15;

const TELEGRAM_TEXT_LIMIT = 4096;

/** Telegram's sender: plain text (no HTML, so announcement text needs no escaping). */
export function createTelegramSender(api: Api): OutboundSender {
  return {
    channel: "telegram",
    async sendText(userId, text) {
      try {
        for (const part of splitText(text, TELEGRAM_TEXT_LIMIT)) {
          await api.sendMessage(userId, part, { link_preview_options: { is_disabled: true } });
        }
        return sent;
      } catch (error) {
        return telegramOutcome(error);
      }
    },
  };
}

function telegramOutcome(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    if (error.error_code === 403) return { status: "blocked", reason: error.description };
    if (error.error_code === 429) return { status: "rate-limited", retryAfterSeconds: error.parameters.retry_after ?? 30 };
    const retry = error.error_code >= 500 ? "transient" : "permanent";
    return { status: "failed", retry, reason: `${error.error_code} ${error.description}` };
  }
  if (error instanceof HttpError) return { status: "failed", retry: "transient", reason: "network error" };
  return { status: "failed", retry: "transient", reason: error instanceof Error ? error.name : "unknown error" };
}
