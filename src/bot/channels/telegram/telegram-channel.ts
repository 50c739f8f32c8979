import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, type Api } from "grammy";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { z } from "zod";
import type { BotCore } from "../../core/index.js";
import type { ProcessedUpdates } from "../../core/index.js";
import type { Locale, Reply } from "../../core/index.js";
import { createIntake } from "../intake.js";
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

  const intake = createIntake({ channel: "telegram", core, processedUpdates, logger, answer: "after-turn", send: sendReplies });

  // Polling hands each update to the middleware: claimed there. Webhook updates are claimed
  // by the route, before grammY sees them.
  if (!options.webhook) {
    bot.use((ctx, next) => intake.poll({ key: `telegram:${ctx.update.update_id}`, turn: next }));
  }
  // A personal assistant: groups and channels are ignored rather than answered in public.
  bot.chatType("private").on("message", (ctx) => {
    const message = ctx.message;
    return intake.converse(String(ctx.chat.id), async () => ({
      channel: "telegram",
      userId: String(ctx.chat.id),
      text: message.text,
      unsupported: message.text === undefined,
    }));
  });
  bot.chatType("private").on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery().catch(() => undefined);
    const action = ctx.callbackQuery.data;
    await intake.converse(String(ctx.chat.id), async () => ({ channel: "telegram", userId: String(ctx.chat.id), action }));
  });
  // Turns apologise for their own failures (converse): what reaches here is grammY's own.
  bot.catch((error) => logger.error({ err: error.error, updateId: error.ctx.update.update_id }, "telegram update failed"));

  let polling: Promise<void> | undefined;

  return {
    api: bot.api,
    sendReplies,
    registerRoutes(app) {
      if (!options.webhook) return;
      // The secret is checked in onRequest, before the body is read or parsed: a caller
      // without it cannot make the server read (up to the body limit) or parse anything.
      const onRequest = intake.requireSecret("x-telegram-bot-api-secret-token", options.webhook.secret);
      app.post("/webhooks/telegram", { onRequest }, (request, reply) =>
        intake.receive(reply, () => {
          const parsed = updateEnvelope.safeParse(request.body);
          if (!parsed.success) return { status: 400, error: "not a Telegram update" };
          const update = parsed.data;
          return { key: `telegram:${update.update_id}`, turn: () => bot.handleUpdate(update as never) };
        }),
      );
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
      await intake.stop();
      if (polling) await bot.stop();
    },
  };
}
