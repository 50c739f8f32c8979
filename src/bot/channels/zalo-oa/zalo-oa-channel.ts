import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { AppConfig } from "../../../config.js";
import type { PrismaClient } from "../../../db/index.js";
import type { BotCore } from "../../core/index.js";
import type { ProcessedUpdates } from "../../core/index.js";
import type { IncomingMessage, Locale, Reply } from "../../core/index.js";
import { lastChoices, pickChoice } from "../numbered-choices.js";
import type { OutboundSender, SendOutcome } from "../../../shared/index.js";
import { createIntake, type Delivery, type Refusal } from "../intake.js";
import { createChoiceMemory, type ChoiceMemory } from "../zalo-common/index.js";
import { classifyEvent, DELIVERY_KEY_PREFIX, deliveryKey, keywordAction, oaEvent, unwrapEvent, type OaInbound } from "./events.js";
import { createInteractionWindow } from "./interaction-window.js";
import { createOaApi, type OaApi } from "./oa-api.js";
import { createOaSender } from "./oa-sender.js";
import { readSignedBody } from "./signature.js";
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
  const { sendReplies, sendText } = createOaSender({ api, window, texts: core.texts, logger });
  const intake = createIntake({ channel: "zalo-oa", core, processedUpdates, logger, answer: "on-claim", send: sendReplies });
  let warnedAboutOaIdSignature = false;
  const clock = options.now ?? (() => Date.now());
  const eventWindowMs = (options.eventWindowMinutes ?? 15) * 60_000;
  let abandonedTimer: NodeJS.Timeout | undefined;

  /** The event as the intake takes it; undefined when there is nothing to answer (echoes, groups, bodies we do not understand). */
  function deliveryOf(event: unknown, rawBody: string): Delivery | undefined {
    const parsed = oaEvent.safeParse(event);
    // Signed by Zalo but not an event we understand: a 4xx would only make Zalo retry for hours.
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.map((issue) => issue.path.join(".")) }, "zalo oa: unexpected webhook body ignored");
      return undefined;
    }
    const inbound = classifyEvent(parsed.data);
    if (inbound.kind === "ignored") {
      logger.debug({ event: parsed.data.event_name, reason: inbound.reason }, "zalo oa: event ignored");
      return undefined;
    }
    // The event is stored with its claim, before the acknowledgement: if this process dies
    // before the turn ends, the next start (or another instance) handles it (`resume`).
    return { key: deliveryKey(parsed.data, inbound.userId), payload: rawBody, userId: inbound.userId, turn: () => converse(inbound) };
  }

  async function converse(inbound: Exclude<OaInbound, { kind: "ignored" }>) {
    if (inbound.kind === "unfollow") {
      logger.info("zalo oa: a follower left");
      return;
    }
    const { userId } = inbound;
    await intake.converse(
      userId,
      async () => {
        await window.record(userId);
        return incomingOf(inbound, choices);
      },
      (result) => choices.remember(userId, lastChoices(result.replies)),
    );
  }

  async function receive(request: FastifyRequest, reply: FastifyReply) {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = readSignedBody(rawBody, request.headers["x-zevent-signature"], options);
    if (body.kind === "not-json") return reply.code(400).send({ error: "not JSON" });
    if (body.kind === "not-object") return reply.code(400).send({ error: "not a JSON object" });
    if (body.kind === "unsigned") {
      logger.warn("zalo oa: webhook with a missing or wrong signature rejected");
      return reply.code(401).send({ error: "unauthorized" });
    }
    if (body.byOaId && !warnedAboutOaIdSignature) {
      warnedAboutOaIdSignature = true;
      logger.warn("zalo oa: webhooks are signed with the OA id instead of the app id; accepted");
    }
    // Zalo wants an answer within 2 s: the turn runs after the acknowledgement.
    return intake.receive(reply, (): Delivery | Refusal | undefined => {
      // The timestamp is signed: an event outside the window is a replay of a captured one
      // (or a clock far off), and is refused before anything is stored or handled.
      const signedAt = Number(body.signedAt);
      if (!Number.isFinite(signedAt) || Math.abs(clock() - signedAt) > eventWindowMs) {
        logger.warn("zalo oa: signed event outside the time window refused");
        return { status: 403, error: "event too old or from the future" };
      }
      return deliveryOf(body.event, rawBody.toString("utf8"));
    });
  }

  /** Events stored and acknowledged whose process died before handling them. */
  function handleAbandoned(): Promise<number> {
    // A stored body is one whose signature was checked: an unreadable one does not happen, and is dropped.
    return intake.resume(DELIVERY_KEY_PREFIX, (payload) => {
      try {
        return deliveryOf(unwrapEvent(JSON.parse(payload)), payload);
      } catch {
        return undefined;
      }
    });
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
      if (abandonedTimer) clearInterval(abandonedTimer);
      await intake.stop();
    },
  };
}

/** What the person did, for the core: a follow greets like /start; a typed number or #keyword is the action it names. */
async function incomingOf(inbound: Exclude<OaInbound, { kind: "ignored" | "unfollow" }>, choices: ChoiceMemory): Promise<IncomingMessage> {
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
