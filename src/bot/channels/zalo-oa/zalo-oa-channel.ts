import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { AppConfig } from "../../../config.js";
import type { PrismaClient } from "../../../db/index.js";
import type { BotCore } from "../../core/index.js";
import type { ProcessedUpdates } from "../../core/index.js";
import type { IncomingMessage, Locale, Reply } from "../../core/index.js";
import { lastChoices, pickChoice } from "../numbered-choices.js";
import { sent, splitText, type OutboundSender, type SendOutcome } from "../../../shared/index.js";
import { ZALO_TEXT_LIMIT, createChoiceMemory, createTurnQueue, numberedChoices } from "../zalo-bot/index.js";
import { classifyEvent, DELIVERY_KEY_PREFIX, deliveryKey, keywordAction, oaEvent, unwrapEvent, type OaInbound } from "./events.js";
import { createInteractionWindow } from "./interaction-window.js";
import { createOaApi, type OaApi, type OaFailure } from "./oa-api.js";
import { csMessageBody, renderForZaloOa, type OaMessage } from "./render.js";
import { signedTimestamp, verifyOaSignature } from "./signature.js";
import { createOaTokenStore, type OaTokenStore } from "./token-store.js";

export interface ZaloOaChannel extends OutboundSender {
  /** Registers `POST /webhooks/zalo-oa` (the URL staff enter in the Zalo developer console). */
  registerRoutes(app: FastifyInstance): void;
  /** Makes sure the token row exists (seeded from the environment the first time). */
  start(): Promise<void>;
  /** Stops taking events and waits for the turns in progress. */
  stop(): Promise<void>;
  /** Sends replies as customer-service messages; stops at the first one Zalo does not take. */
  sendReplies(userId: string, replies: Reply[], locale?: Locale): Promise<SendOutcome>;
  readonly tokens: OaTokenStore;
  readonly api: OaApi;
  /** Handles stored events whose process died (at start, then each minute); how many were found. */
  handleAbandoned(): Promise<number>;
}

/** The OA's settings as configured (ids, secrets, first tokens, API roots), and what it talks to. */
export interface ZaloOaChannelOptions extends Omit<NonNullable<AppConfig["zaloOa"]>, "eventWindowMinutes"> {
  /** Default 15. */
  eventWindowMinutes?: number;
  core: BotCore;
  processedUpdates: ProcessedUpdates;
  prisma: PrismaClient;
  logger: Logger;
  now?: () => number;
}

export function createZaloOaChannel(options: ZaloOaChannelOptions): ZaloOaChannel {
  const { core, processedUpdates, logger } = options;
  const tokens = createOaTokenStore({
    prisma: options.prisma,
    appId: options.appId,
    appSecret: options.appSecret,
    oauthRoot: options.oauthRoot,
    initial: { accessToken: options.accessToken, refreshToken: options.refreshToken },
    logger,
    now: options.now,
  });
  const api = createOaApi({ apiRoot: options.apiRoot, tokens });
  const window = createInteractionWindow(options.prisma, options.now);
  const choices = createChoiceMemory(options.prisma, "zalo-oa");
  const turns = createTurnQueue();
  let accepting = true;
  let warnedAboutOaIdSignature = false;
  const clock = options.now ?? (() => Date.now());
  const eventWindowMs = (options.eventWindowMinutes ?? 15) * 60_000;
  let abandonedTimer: NodeJS.Timeout | undefined;

  /** Undefined when sent. */
  async function post(userId: string, message: OaMessage): Promise<OaFailure | undefined> {
    const result = await api.post("/v3.0/oa/message/cs", csMessageBody(userId, message));
    return result.ok ? undefined : result.failure;
  }

  async function sendReplies(userId: string, replies: Reply[], locale: Locale = "vi"): Promise<SendOutcome> {
    if (await window.isClosed(userId)) return { status: "outside-window" };
    for (const reply of replies) {
      for (const message of renderForZaloOa(reply, core.texts, locale)) {
        let failure = await post(userId, message);
        // Text with buttons is not on Zalo's v3 page (gateways use it): if refused, numbers instead.
        if (failure?.kind === "invalid" && message.buttons) {
          logger.warn({ code: failure.code, message: failure.message }, "zalo oa: buttons refused, sending a numbered list");
          for (const text of splitText(`${message.text}\n\n${numberedChoices(reply, core.texts, locale)}`, ZALO_TEXT_LIMIT)) {
            failure = await post(userId, { text });
            if (failure) break;
          }
        }
        if (failure) return outcomeOf(failure);
      }
    }
    return sent;
  }

  async function sendText(userId: string, text: string): Promise<SendOutcome> {
    if (await window.isClosed(userId)) return { status: "outside-window" };
    for (const part of splitText(text, ZALO_TEXT_LIMIT)) {
      const failure = await post(userId, { text: part });
      if (failure) return outcomeOf(failure);
    }
    return sent;
  }

  async function converse(inbound: Exclude<OaInbound, { kind: "ignored" }>) {
    const { userId } = inbound;
    let locale: Locale | undefined;
    try {
      if (inbound.kind === "unfollow") {
        logger.info("zalo oa: a follower left");
        return;
      }
      await window.record(userId);
      const message = await toIncoming(inbound);
      const result = await core.handle(message);
      locale = result.locale;
      await choices.remember(userId, lastChoices(result.replies));
      const outcome = await sendReplies(userId, result.replies, result.locale);
      if (outcome.status !== "sent") logger.warn({ outcome }, "zalo oa: reply not delivered");
    } catch (error) {
      logger.error({ err: error }, "zalo oa: event failed");
      const outcome = await sendReplies(userId, [core.failureReply(locale)], locale).catch(() => undefined);
      if (outcome?.status !== "sent") logger.warn({ outcome }, "zalo oa: could not tell the user about the failure");
    }
  }

  async function toIncoming(inbound: Exclude<OaInbound, { kind: "ignored" | "unfollow" }>): Promise<IncomingMessage> {
    const base = { channel: "zalo-oa" as const, userId: inbound.userId };
    switch (inbound.kind) {
      // Following is the first interaction: it is greeted like /start.
      case "follow":
        return { ...base, text: "/start" };
      // The answer to a request_user_info form: nothing asks for it yet, so the person is
      // shown where they are (the current question or the menu) rather than a wrong answer.
      case "submitted-info":
        return base;
      case "unreadable":
        return { ...base, unsupported: true };
      case "text": {
        const action = keywordAction(inbound.text) ?? pickChoice(inbound.text, await choices.recall(inbound.userId));
        return action ? { ...base, action } : { ...base, text: inbound.text };
      }
    }
  }

  async function receive(request: FastifyRequest, reply: FastifyReply) {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return reply.code(400).send({ error: "not JSON" });
    }
    if (body === null || typeof body !== "object") return reply.code(400).send({ error: "not a JSON object" });
    const event = unwrapEvent(body) as { timestamp?: unknown; oa_id?: unknown; recipient?: { id?: unknown } };
    const oaId = typeof event.oa_id === "string" ? event.oa_id : typeof event.recipient?.id === "string" ? event.recipient.id : undefined;
    const verdict = verifyOaSignature({
      rawBody,
      header: request.headers["x-zevent-signature"],
      timestamp: signedTimestamp(rawBody, event),
      secretKey: options.oaSecretKey,
      firstTerms: oaId && oaId !== options.appId ? [options.appId, oaId] : [options.appId],
    });
    if (!verdict.valid) {
      logger.warn("zalo oa: webhook with a missing or wrong signature rejected");
      return reply.code(401).send({ error: "unauthorized" });
    }
    if (verdict.firstTerm !== options.appId && !warnedAboutOaIdSignature) {
      warnedAboutOaIdSignature = true;
      logger.warn("zalo oa: webhooks are signed with the OA id instead of the app id; accepted");
    }
    if (!accepting) return reply.code(503).send({ error: "shutting down" });
    // The timestamp is signed: an event outside the window is a replay of a captured one
    // (or a clock far off), and is refused before anything is stored or handled.
    const signedAt = Number(signedTimestamp(rawBody, event));
    if (!Number.isFinite(signedAt) || Math.abs(clock() - signedAt) > eventWindowMs) {
      logger.warn("zalo oa: signed event outside the time window refused");
      return reply.code(403).send({ error: "event too old or from the future" });
    }

    const parsed = oaEvent.safeParse(event);
    // Signed by Zalo but not an event we understand: a 4xx would only make Zalo retry for hours.
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.map((issue) => issue.path.join(".")) }, "zalo oa: unexpected webhook body ignored");
      return reply.code(200).send({ ok: true });
    }
    const inbound = classifyEvent(parsed.data);
    if (inbound.kind === "ignored") {
      logger.debug({ event: parsed.data.event_name, reason: inbound.reason }, "zalo oa: event ignored");
      return reply.code(200).send({ ok: true });
    }
    const key = deliveryKey(parsed.data, inbound.userId);
    let fresh: boolean;
    try {
      // The event is stored with its claim, before the acknowledgement: if this process
      // dies before the turn ends, the next start (or another instance) handles it.
      fresh = await processedUpdates.claim(key, rawBody.toString("utf8"));
    } catch (error) {
      logger.warn({ err: error }, "zalo oa: database unavailable, asking Zalo to deliver again");
      return reply.code(503).send({ error: "temporarily unavailable" });
    }
    // Zalo wants an answer within 2 s: the turn runs after the acknowledgement.
    if (fresh) handleLater(key, inbound);
    return reply.code(200).send({ ok: true });
  }

  function handleLater(key: string, inbound: Exclude<OaInbound, { kind: "ignored" }>) {
    void turns.run(inbound.userId, async () => {
      await converse(inbound);
      await processedUpdates.complete(key).catch((error: unknown) => logger.warn({ err: error }, "zalo oa: could not mark the event handled"));
    });
  }

  /** Events stored and acknowledged whose process died before handling them. */
  async function handleAbandoned(): Promise<number> {
    const stored = await processedUpdates.claimAbandoned(`${DELIVERY_KEY_PREFIX}`);
    for (const { key, payload } of stored) {
      let inbound: OaInbound = { kind: "ignored", reason: "unreadable stored event" };
      try {
        const parsed = oaEvent.safeParse(unwrapEvent(JSON.parse(payload)));
        if (parsed.success) inbound = classifyEvent(parsed.data);
      } catch {
        // A stored body is one whose signature was checked: this does not happen; it is dropped.
      }
      if (inbound.kind === "ignored") await processedUpdates.complete(key);
      else handleLater(key, inbound);
    }
    if (stored.length) logger.info({ events: stored.length }, "zalo oa: stored events left unhandled by a stopped process handled");
    return stored.length;
  }

  return {
    channel: "zalo-oa",
    tokens,
    api,
    sendReplies,
    sendText,
    registerRoutes(app) {
      // The signature covers the exact bytes received, so this route alone keeps the raw
      // body; the parser lives in its own encapsulated scope and other routes still get JSON.
      app.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
        scope.post("/webhooks/zalo-oa", receive);
      });
    },
    async start() {
      await tokens.ready();
      await handleAbandoned();
      // A process that died less than a lease ago left its events claimed: looked at again each minute.
      abandonedTimer = setInterval(() => {
        handleAbandoned().catch((error: unknown) => logger.warn({ err: error }, "zalo oa: could not look for stored events"));
      }, 60_000);
      abandonedTimer.unref();
      logger.info("zalo oa: webhook at /webhooks/zalo-oa");
    },
    handleAbandoned,
    async stop() {
      accepting = false;
      if (abandonedTimer) clearInterval(abandonedTimer);
      await turns.drain();
    },
  };
}

function outcomeOf(failure: OaFailure): SendOutcome {
  const reason = `${failure.code ?? ""} ${failure.message}`.trim();
  switch (failure.kind) {
    case "outside-window":
      return { status: "outside-window" };
    case "not-follower":
    case "blocked":
      return { status: "blocked", reason };
    // The OA API limit is per minute.
    case "rate-limited":
      return { status: "rate-limited", retryAfterSeconds: 60 };
    case "quota":
      return { status: "rate-limited", retryAfterSeconds: 3600 };
    case "transient":
      return { status: "failed", retry: "transient", reason };
    case "token":
      return { status: "failed", retry: "permanent", reason: `access token: ${reason}` };
    default:
      return { status: "failed", retry: "permanent", reason };
  }
}
