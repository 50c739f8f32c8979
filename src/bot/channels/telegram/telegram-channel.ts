import { timingSafeEqual, createHash } from "node:crypto";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, BotError, type Api, type Context } from "grammy";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { z } from "zod";
import type { BotCore } from "../../core/index.js";
import type { ProcessedUpdates } from "../../core/index.js";
import type { IncomingMessage, Locale, Reply } from "../../core/index.js";
import { renderForTelegram } from "./render.js";

export interface TelegramChannel {
  /** Registers the webhook route (webhook mode only). */
  registerRoutes(app: FastifyInstance): void;
  /** Webhook mode: calls setWebhook. Polling mode: starts polling in the background. */
  start(): Promise<void>;
  /** Stops taking updates and waits for the one in progress. */
  stop(): Promise<void>;
  sendReplies(chatId: number | string, replies: Reply[], locale?: Locale): Promise<void>;
  readonly api: Api;
}

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  webhook?: { url: string; secret: string };
  core: BotCore;
  processedUpdates: ProcessedUpdates;
  logger: Logger;
}

/** An update we could not even claim (database down): the platform must retry it. */
class UpdateNotClaimed extends Error {
  override name = "UpdateNotClaimed";
}
/**
 * A re-delivery of an update claimed less than a lease ago and not finished: its handler
 * may have died with its process. Answering 503 makes Telegram send it again later, when it
 * is either done (then acknowledged) or abandoned (then handled); a 200 would lose it.
 */
class UpdateInProgress extends Error {
  override name = "UpdateInProgress";
}

const updateEnvelope = z.looseObject({ update_id: z.number().int().nonnegative() });

/** Well under the time Telegram waits for a webhook answer, even with a retry or two. */
const REPLY_TIMEOUT_SECONDS = 10;

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { core, processedUpdates, logger } = options;
  // grammY waits 500 s for an answer by default: a hanging Bot API would hold the webhook
  // request (and the person's turn) far past the point where Telegram gives up and re-sends.
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot, timeoutSeconds: REPLY_TIMEOUT_SECONDS } });
  // Bounded: a webhook request must not hang for minutes behind a long 429 wait. Network
  // errors and timeouts are not retried: auto-retry would retry them without limit, and a
  // timed-out message may well have arrived, so sending it again would duplicate the reply.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 10, rethrowHttpErrors: true }));

  async function sendReplies(chatId: number | string, replies: Reply[], locale: Locale = "vi") {
    for (const reply of replies) {
      for (const message of renderForTelegram(reply, core.texts, locale)) {
        await bot.api.sendMessage(chatId, message.html, {
          parse_mode: "HTML",
          reply_markup: message.keyboard,
          link_preview_options: { is_disabled: true },
        });
      }
    }
  }

  async function converse(ctx: Context, message: IncomingMessage) {
    const result = await core.handle(message);
    await sendReplies(ctx.chat!.id, result.replies, result.locale);
  }

  bot.use(async (ctx, next) => {
    const key = `telegram:${ctx.update.update_id}`;
    let fresh: boolean;
    try {
      fresh = await processedUpdates.claim(key);
    } catch (error) {
      throw new UpdateNotClaimed("could not record the update", { cause: error });
    }
    if (!fresh) {
      if (await processedUpdates.inProgress(key).catch(() => true)) throw new UpdateInProgress("the update is being handled");
      return;
    }
    await next();
    // Left uncompleted, a re-delivery after the lease would be answered twice.
    await processedUpdates
      .complete(key)
      .catch((error: unknown) => logger.warn({ err: error, updateId: ctx.update.update_id }, "could not mark the update handled"));
  });
  // A personal assistant: groups and channels are ignored rather than answered in public.
  bot.chatType("private").on("message", (ctx) =>
    converse(ctx, {
      channel: "telegram",
      userId: String(ctx.chat.id),
      text: ctx.message.text,
      unsupported: ctx.message.text === undefined,
    }),
  );
  bot.chatType("private").on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery().catch(() => undefined);
    await converse(ctx, { channel: "telegram", userId: String(ctx.chat.id), action: ctx.callbackQuery.data });
  });
  bot.catch((error) => reportFailure(error));

  async function reportFailure(error: BotError) {
    const update = error.ctx.update;
    logger.error({ err: error.error, updateId: update.update_id }, "telegram update failed");
    const chatId = error.ctx.chat?.id;
    if (chatId === undefined || error.error instanceof UpdateNotClaimed || error.error instanceof UpdateInProgress) return;
    await sendReplies(chatId, [core.failureReply()]).catch((sendError: unknown) =>
      logger.warn({ err: sendError, updateId: update.update_id }, "could not tell the user about the failure"),
    );
  }

  const expectedSecret = options.webhook ? digest(options.webhook.secret) : undefined;
  let accepting = true;
  let polling: Promise<void> | undefined;

  return {
    api: bot.api,
    sendReplies,
    registerRoutes(app) {
      if (!expectedSecret) return;
      // The secret is checked in onRequest, before the body is read or parsed: a caller
      // without it cannot make the server read (up to the body limit) or parse anything.
      const checkSecret = async (request: FastifyRequest, reply: FastifyReply) => {
        const given = request.headers["x-telegram-bot-api-secret-token"];
        if (typeof given !== "string" || !timingSafeEqual(digest(given), expectedSecret)) {
          return reply.code(401).send({ error: "unauthorized" });
        }
      };
      app.post("/webhooks/telegram", { onRequest: checkSecret }, async (request, reply) => {
        if (!accepting) return reply.code(503).send({ error: "shutting down" });
        const parsed = updateEnvelope.safeParse(request.body);
        if (!parsed.success) return reply.code(400).send({ error: "not a Telegram update" });
        try {
          await bot.handleUpdate(parsed.data as never);
        } catch (error) {
          if (error instanceof BotError && error.error instanceof UpdateInProgress) {
            logger.info({ updateId: parsed.data.update_id }, "re-delivery of an update still being handled: asking Telegram to retry");
            return reply.code(503).header("retry-after", "30").send({ error: "still being handled" });
          }
          if (error instanceof BotError && error.error instanceof UpdateNotClaimed) {
            logger.warn({ err: error.error.cause, updateId: parsed.data.update_id }, "database unavailable: asking Telegram to retry");
            return reply.code(503).send({ error: "temporarily unavailable" });
          }
          // Telegram re-sends anything that is not a 2xx; a handler error must not cause a loop.
          if (error instanceof BotError) await reportFailure(error);
          else logger.error({ err: error }, "telegram update failed");
        }
        return reply.code(200).send({ ok: true });
      });
    },
    async start() {
      await bot.init();
      if (options.webhook) {
        await bot.api.setWebhook(options.webhook.url, {
          secret_token: options.webhook.secret,
          allowed_updates: ["message", "callback_query"],
        });
        logger.info({ bot: bot.botInfo.username }, "telegram: webhook mode");
      } else {
        await bot.api.deleteWebhook();
        polling = bot.start({ allowed_updates: ["message", "callback_query"], drop_pending_updates: false });
        polling.catch((error: unknown) => logger.error({ err: error }, "telegram polling stopped"));
        logger.info({ bot: bot.botInfo.username }, "telegram: long polling mode");
      }
    },
    async stop() {
      accepting = false;
      if (polling) await bot.stop();
    },
  };
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
