import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { PrismaClient } from "../../../db/index.js";
import type { BotCore } from "../../core/index.js";
import type { ProcessedUpdates } from "../../core/index.js";
import type { IncomingMessage, Locale, Reply } from "../../core/index.js";
import { allChoices, choiceStarts, pickChoice } from "../numbered-choices.js";
import { sent, splitText, type OutboundSender, type SendOutcome } from "../../../shared/index.js";
import { createIntake, type Delivery } from "../intake.js";
import { createChoiceMemory, ZALO_TEXT_LIMIT } from "../zalo-common/index.js";
import { renderForZaloBot } from "./render.js";
import { createUpdatePolling } from "./polling.js";
import { classifyUpdate, webhookBody, type BotUpdate } from "./updates.js";
import { describeApiError, ZaloBotApiError, createZaloBotApi, type ZaloBotApi } from "./zalo-bot-api.js";

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

export function createZaloBotChannel(options: ZaloBotChannelOptions): ZaloBotChannel {
  const { core, processedUpdates, logger } = options;
  const api = createZaloBotApi({ token: options.token, apiRoot: options.apiRoot });
  const choices = createChoiceMemory(options.prisma, "zalo-bot");
  const polling = createUpdatePolling({ api, logger, pollTimeoutSeconds: options.pollTimeoutSeconds ?? 30, retryDelayMs: options.pollRetryDelayMs ?? 5000 });

  async function sendMessage(chatId: string, text: string) {
    await api.call("sendMessage", { chat_id: chatId, text });
  }

  async function sendReplies(chatId: string, replies: Reply[], locale: Locale = "vi") {
    const starts = choiceStarts(replies);
    for (const [index, reply] of replies.entries()) {
      for (const text of renderForZaloBot(reply, core.texts, locale, starts[index])) await sendMessage(chatId, text);
    }
  }

  const intake = createIntake({
    channel: "zalo-bot",
    core,
    processedUpdates,
    logger,
    answer: "on-claim",
    send: sendReplies,
    describeError: describeApiError,
  });

  /** The update as the intake takes it; undefined when there is nothing to answer (groups, hidden content, other events). */
  function deliveryOf(update: BotUpdate): Delivery | undefined {
    const inbound = classifyUpdate(update);
    if (inbound.kind === "ignored") {
      logger.debug({ reason: inbound.reason }, "zalo bot: update ignored");
      return undefined;
    }
    const { chatId } = inbound;
    const message: IncomingMessage =
      inbound.kind === "text" ? { channel: "zalo-bot", userId: chatId, text: inbound.text } : { channel: "zalo-bot", userId: chatId, unsupported: true };
    return {
      key: inbound.messageId ? `zalo-bot:${inbound.messageId}` : undefined,
      userId: chatId,
      turn: () =>
        intake.converse(
          chatId,
          async () => {
            api.call("sendChatAction", { chat_id: chatId, action: "typing" }).catch((error: unknown) => logApiFailure("debug", error));
            // A typed "2" or label answers the numbered choices shown last.
            const action = message.text ? pickChoice(message.text, await choices.recall(chatId)) : undefined;
            return action ? { ...message, text: undefined, action } : message;
          },
          (result) => choices.remember(chatId, allChoices(result.replies)),
        ),
    };
  }

  function logApiFailure(level: "debug" | "warn" | "error", error: unknown, message = "zalo bot: call failed") {
    logger[level](describeApiError(error), message);
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
      if (!options.webhook) return;
      // Checked before the body is even parsed: strangers get nothing but a 401.
      const onRequest = intake.requireSecret("x-bot-api-secret-token", options.webhook.secret);
      // Answered as soon as the update is claimed; the turn runs in the background.
      app.post("/webhooks/zalo-bot", { onRequest }, (request, reply) =>
        intake.receive(reply, () => {
          const parsed = webhookBody.safeParse(request.body);
          return parsed.success ? deliveryOf(parsed.data) : { status: 400, error: "not a Zalo Bot update" };
        }),
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
      polling.start(async (update) => {
        const delivery = deliveryOf(update);
        if (delivery) await intake.poll(delivery);
      });
      logger.info("zalo bot: getUpdates polling mode");
    },
    async stop() {
      await polling.stop();
      await intake.stop();
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
