import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { PrismaClient } from "../../../db/index.js";
import type { BotCore } from "../../core/index.js";
import type { ProcessedUpdates } from "../../core/index.js";
import type { IncomingMessage, Locale, Reply } from "../../core/index.js";
import { lastChoices, pickChoice } from "../numbered-choices.js";
import { sent, splitText, type OutboundSender, type SendOutcome } from "../../../shared/index.js";
import { createChoiceMemory } from "./choice-memory.js";
import { createTurnQueue } from "./turn-queue.js";
import { ZALO_TEXT_LIMIT, renderForZaloBot } from "./render.js";
import { classifyUpdate, isEmptyUpdate, webhookBody, botUpdate, type BotUpdate } from "./updates.js";
import { ZaloBotApiError, createZaloBotApi, type ZaloBotApi } from "./zalo-bot-api.js";

export interface ZaloBotChannel extends OutboundSender {
  /** Registers `POST /webhooks/zalo-bot` (webhook mode only). */
  registerRoutes(app: FastifyInstance): void;
  /** Webhook mode: calls setWebhook. Polling mode: removes any webhook and polls in the background. */
  start(): Promise<void>;
  /** Stops taking updates and waits for the ones in progress. */
  stop(): Promise<void>;
  sendReplies(chatId: string, replies: Reply[], locale?: Locale): Promise<void>;
  readonly api: ZaloBotApi;
}

export interface ZaloBotChannelOptions {
  token: string;
  apiRoot: string;
  /** Set when PUBLIC_URL is set: webhook mode; otherwise getUpdates polling. */
  webhook?: { url: string; secret: string };
  core: BotCore;
  processedUpdates: ProcessedUpdates;
  prisma: PrismaClient;
  logger: Logger;
  /** Long-poll length asked of Zalo (default 30 s). */
  pollTimeoutSeconds?: number;
  /** First wait after a failed poll; doubles up to a minute (default 5 s). */
  pollRetryDelayMs?: number;
}

/** An update we could not even claim (database down): the platform must deliver it again. */
class UpdateNotClaimed extends Error {
  override name = "UpdateNotClaimed";
}

const MAX_POLL_RETRY_DELAY_MS = 60_000;

export function createZaloBotChannel(options: ZaloBotChannelOptions): ZaloBotChannel {
  const { core, processedUpdates, logger } = options;
  const api = createZaloBotApi({ token: options.token, apiRoot: options.apiRoot });
  const choices = createChoiceMemory(options.prisma, "zalo-bot");
  const pollTimeoutSeconds = options.pollTimeoutSeconds ?? 30;
  const expectedSecret = options.webhook ? digest(options.webhook.secret) : undefined;
  const turns = createTurnQueue();
  let accepting = true;
  const stopPolling = new AbortController();
  let polling: Promise<void> | undefined;

  async function sendMessage(chatId: string, text: string) {
    await api.call("sendMessage", { chat_id: chatId, text });
  }

  async function sendReplies(chatId: string, replies: Reply[], locale: Locale = "vi") {
    for (const reply of replies) {
      for (const text of renderForZaloBot(reply, core.texts, locale)) await sendMessage(chatId, text);
    }
  }

  /**
   * Claims the update (so a re-delivery is a no-op) and queues the conversation turn. The
   * turn is returned wrapped: an async function returning a bare promise would wait for it.
   */
  async function accept(update: BotUpdate): Promise<{ turn: Promise<void> } | undefined> {
    const inbound = classifyUpdate(update);
    if (inbound.kind === "ignored") {
      logger.debug({ reason: inbound.reason }, "zalo bot: update ignored");
      return undefined;
    }
    const key = inbound.messageId ? `zalo-bot:${inbound.messageId}` : undefined;
    if (key) {
      let fresh: boolean;
      try {
        fresh = await processedUpdates.claim(key);
      } catch (error) {
        throw new UpdateNotClaimed("could not record the update", { cause: error });
      }
      if (!fresh) return undefined;
    }
    const message: IncomingMessage =
      inbound.kind === "text"
        ? { channel: "zalo-bot", userId: inbound.chatId, text: inbound.text }
        : { channel: "zalo-bot", userId: inbound.chatId, unsupported: true };
    return {
      turn: turns.run(inbound.chatId, async () => {
        await converse(inbound.chatId, message);
        if (key) await processedUpdates.complete(key).catch((error: unknown) => logger.warn({ err: error }, "zalo bot: could not mark the update handled"));
      }),
    };
  }

  async function converse(chatId: string, message: IncomingMessage) {
    let locale: Locale | undefined;
    try {
      api.call("sendChatAction", { chat_id: chatId, action: "typing" }).catch((error: unknown) => logApiFailure("debug", error));
      const action = message.text ? pickChoice(message.text, await choices.recall(chatId)) : undefined;
      const result = await core.handle(action ? { ...message, text: undefined, action } : message);
      locale = result.locale;
      await choices.remember(chatId, lastChoices(result.replies));
      await sendReplies(chatId, result.replies, result.locale);
    } catch (error) {
      logApiFailure("error", error, "zalo bot: update failed");
      await sendReplies(chatId, [core.failureReply(locale)], locale).catch((sendError: unknown) =>
        logApiFailure("warn", sendError, "zalo bot: could not tell the user about the failure"),
      );
    }
  }

  // Only Zalo's code and description reach the log, never the error object of axios.
  function logApiFailure(level: "debug" | "warn" | "error", error: unknown, message = "zalo bot: call failed") {
    if (error instanceof ZaloBotApiError) {
      logger[level]({ method: error.method, errorCode: error.errorCode, description: error.description }, message);
    } else {
      logger[level]({ err: error }, message);
    }
  }

  async function pollForever(signal: AbortSignal) {
    let failures = 0;
    while (!signal.aborted) {
      let result: unknown;
      try {
        result = await api.call(
          "getUpdates",
          // The parameter table says String; Zalo's own sample sends a number. Both work.
          { timeout: String(pollTimeoutSeconds) },
          // The local timeout must outlast the long poll, or every idle poll looks like a failure.
          { timeoutMs: (pollTimeoutSeconds + 5) * 1000, signal },
        );
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ZaloBotApiError && error.idle) {
          failures = 0;
          continue;
        }
        failures++;
        const delay = Math.min((options.pollRetryDelayMs ?? 5000) * 2 ** (failures - 1), MAX_POLL_RETRY_DELAY_MS);
        logApiFailure("warn", error, `zalo bot: polling failed, retrying in ${delay} ms`);
        await sleep(delay, signal);
        continue;
      }
      if (isEmptyUpdate(result)) continue;
      const parsed = botUpdate.safeParse(result);
      if (!parsed.success) {
        logger.warn({ issues: parsed.error.issues.length }, "zalo bot: polled something that is not an update");
        continue;
      }
      try {
        await (await accept(parsed.data))?.turn;
      } catch (error) {
        // Polling cannot hand an update back: it is lost, and said so.
        logger.error({ err: error instanceof UpdateNotClaimed ? error.cause : error }, "zalo bot: a polled update was dropped");
      }
    }
  }

  async function sendText(userId: string, text: string): Promise<SendOutcome> {
    try {
      for (const part of splitText(text, ZALO_TEXT_LIMIT)) await sendMessage(userId, part);
      return sent;
    } catch (error) {
      return outcomeOf(error);
    }
  }

  return {
    channel: "zalo-bot",
    api,
    sendReplies,
    sendText,
    registerRoutes(app) {
      if (!expectedSecret) return;
      app.post(
        "/webhooks/zalo-bot",
        {
          // Checked before the body is even parsed: strangers get nothing but a 401.
          onRequest: async (request, reply) => {
            const given = request.headers["x-bot-api-secret-token"];
            if (typeof given !== "string" || !timingSafeEqual(digest(given), expectedSecret)) {
              return reply.code(401).send({ error: "unauthorized" });
            }
          },
        },
        async (request, reply) => {
          if (!accepting) return reply.code(503).send({ error: "shutting down" });
          const parsed = webhookBody.safeParse(request.body);
          if (!parsed.success) return reply.code(400).send({ error: "not a Zalo Bot update" });
          try {
            // Answered as soon as the update is claimed; the turn runs in the background.
            await accept(parsed.data);
          } catch (error) {
            if (error instanceof UpdateNotClaimed) {
              logger.warn({ err: error.cause }, "zalo bot: database unavailable, asking Zalo to deliver again");
              return reply.code(503).send({ error: "temporarily unavailable" });
            }
            throw error;
          }
          return reply.code(200).send({ ok: true });
        },
      );
    },
    async start() {
      if (options.webhook) {
        await api.call("setWebhook", { url: options.webhook.url, secret_token: options.webhook.secret });
        logger.info({ url: options.webhook.url }, "zalo bot: webhook mode");
        return;
      }
      // getUpdates silently returns nothing while a webhook is set: clear any stale one first.
      await api.call("deleteWebhook").catch((error: unknown) => logApiFailure("warn", error, "zalo bot: could not delete the webhook"));
      polling = pollForever(stopPolling.signal);
      logger.info("zalo bot: getUpdates polling mode");
    },
    async stop() {
      accepting = false;
      stopPolling.abort();
      await polling;
      await turns.drain();
    },
  };
}

function outcomeOf(error: unknown): SendOutcome {
  if (!(error instanceof ZaloBotApiError)) return { status: "failed", retry: "transient", reason: "unexpected error" };
  const reason = `${error.errorCode ?? "no response"} ${error.description}`.trim();
  // Zalo documents no rate limit, no "blocked" code and no Retry-After: these are the HTTP
  // conventions its gateway was seen to follow (nginx 429) and a guess kept tolerant.
  if (error.errorCode === 429) return { status: "rate-limited", retryAfterSeconds: 30 };
  if (error.errorCode === 403) return { status: "blocked", reason };
  if (error.errorCode === undefined || error.errorCode >= 500 || error.errorCode === 408) {
    return { status: "failed", retry: "transient", reason };
  }
  return { status: "failed", retry: "permanent", reason };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
