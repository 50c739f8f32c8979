import { Api } from "grammy";
import { createTelegramSender, type OutboundSender } from "../outbound.js";

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
