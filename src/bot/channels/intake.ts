import type { FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { digest, matchesSecret, type ChannelName, type SendOutcome } from "../../shared/index.js";
import { createTurnQueue, type BotCore, type IncomingMessage, type Locale, type ProcessedUpdates, type Reply, type TurnResult } from "../core/index.js";

/**
 * The one way a platform update comes in, for every platform channel (Telegram, Zalo Bot,
 * Zalo OA): the webhook's secret, "handle each update once" (claim → turn → complete), the
 * HTTP answer the platform gets (401 / 503 / 200), and the apology when a turn fails. A
 * channel adapter only reads the platform's update into a `Delivery` and renders replies.
 *
 * It lives among the channels, not in the core, because it speaks HTTP and platforms: the
 * core knows neither.
 */
export interface Intake {
  /** An onRequest hook: 401 unless the header holds the secret. It runs before the body is read or parsed. */
  requireSecret(header: string, secret: string): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  /**
   * The webhook's answer to an authenticated request: 503 while stopping; `read`'s refusal
   * (a body that is not an update); 200 for nothing to do; else the delivery is accepted and
   * its receipt answered (see `answer`).
   */
  receive(reply: FastifyReply, read: () => Delivery | Refusal | undefined): Promise<FastifyReply>;
  /** The same for a polled update, waiting for its turn: polling cannot hand an update back, so one not claimed is logged as lost. */
  poll(delivery: Delivery): Promise<void>;
  /** Runs again the stored deliveries under `prefix` whose process died before their turn ended; how many were found. */
  resume(prefix: string, read: (payload: string) => Delivery | undefined): Promise<number>;
  /**
   * One conversation turn: the core answers `message` and the replies are sent; on any
   * failure the person gets the apology (in their language when known) and the error is logged.
   * Never throws. `remember` runs between the answer and its sending (Zalo's numbered choices).
   */
  converse(userId: string, message: () => Promise<IncomingMessage>, remember?: (result: TurnResult) => Promise<void>): Promise<void>;
  /** Stops taking updates (503) and waits for the queued turns. */
  stop(): Promise<void>;
}

export interface IntakeOptions {
  channel: ChannelName;
  core: BotCore;
  processedUpdates: ProcessedUpdates;
  logger: Logger;
  /**
   * When the platform gets its answer. "after-turn" (Telegram): the webhook answer waits for
   * the turn, so a copy arriving while the turn runs gets 503 and comes again later; a 200
   * would lose it if the first handler died. "on-claim" (Zalo, which wants an answer within
   * 2 s): 200 once claimed; turns run afterwards, one person at a time, in arrival order.
   */
  answer: "after-turn" | "on-claim";
  /** Sends replies to one person. A returned outcome other than "sent" counts as not delivered. */
  send(userId: string, replies: Reply[], locale?: Locale): Promise<SendOutcome | void>;
  /** What the log says of an error. Default `{ err }`; a client whose errors hold a token in a URL says less. */
  describeError?(error: unknown): Record<string, unknown>;
}

/** One update to handle. */
export interface Delivery {
  /** Its key in processed updates; absent when the platform gives it no id (handled, without de-duplication). */
  key?: string;
  /** Kept with the claim until the turn completes, so that `resume` can run a turn whose process died. */
  payload?: string;
  /** The person: on-claim channels queue one person's turns one after the other. After-turn channels may leave it out. */
  userId?: string;
  turn(): Promise<void>;
}

/** A request the platform's adapter refuses after reading the body (400: not an update; 403: a replay). */
export interface Refusal {
  status: 400 | 403;
  error: string;
}

/** What became of one delivery; `answer` turns it into the platform's HTTP status. */
type Receipt =
  /** New: the turn has run ("after-turn") or is queued ("on-claim"). */
  | { kind: "accepted"; turn: Promise<void> }
  /** Handled already, or (on-claim) acknowledged and being handled. */
  | { kind: "duplicate" }
  /** After-turn only: a copy of an update whose turn has not ended here or in another instance. */
  | { kind: "in-progress" }
  | { kind: "not-claimed"; error: UpdateNotClaimed };

/** An update we could not even claim (database down): the platform must deliver it again. */
export class UpdateNotClaimed extends Error {
  override name = "UpdateNotClaimed";
}

export function createIntake(options: IntakeOptions): Intake {
  const { core, processedUpdates, logger } = options;
  const label = options.channel.replace("-", " ");
  const describe = options.describeError ?? ((error: unknown) => ({ err: error }));
  const turns = createTurnQueue();
  let accepting = true;

  /** The turn, then completion: a completed key makes every later copy a no-op. */
  async function runToCompletion(delivery: Delivery): Promise<void> {
    try {
      await delivery.turn();
    } catch (error) {
      // Turns apologise themselves (converse); this is a bug around one. Completed anyway:
      // platforms re-send what fails, and the same failure must not loop.
      logger.error(describe(error), `${label}: update failed`);
    }
    if (delivery.key) {
      await processedUpdates.complete(delivery.key).catch((error: unknown) => logger.warn({ err: error }, `${label}: could not mark the update handled`));
    }
  }

  function start(delivery: Delivery): Promise<void> {
    const person = delivery.userId;
    return options.answer === "after-turn" || person === undefined ? runToCompletion(delivery) : turns.run(person, () => runToCompletion(delivery));
  }

  /** Claims the delivery, runs its turn (now or queued, see `IntakeOptions.answer`) and completes it. */
  async function accept(delivery: Delivery): Promise<Receipt> {
    if (delivery.key) {
      let fresh: boolean;
      try {
        fresh = await processedUpdates.claim(delivery.key, delivery.payload);
      } catch (error) {
        return { kind: "not-claimed", error: new UpdateNotClaimed("could not record the update", { cause: error }) };
      }
      if (!fresh) {
        const waitsForTurn = options.answer === "after-turn";
        // Unknown (database down) counts as still open: a 503 asks again, a 200 might lose it.
        if (waitsForTurn && (await processedUpdates.inProgress(delivery.key).catch(() => true))) return { kind: "in-progress" };
        return { kind: "duplicate" };
      }
    }
    const turn = start(delivery);
    if (options.answer === "after-turn") await turn;
    return { kind: "accepted", turn };
  }

  function answer(reply: FastifyReply, receipt: Receipt): FastifyReply {
    switch (receipt.kind) {
      case "in-progress":
        logger.info(`${label}: re-delivery of an update still being handled, asking the platform to retry`);
        return reply.code(503).header("retry-after", "30").send({ error: "still being handled" });
      case "not-claimed":
        logger.warn({ err: receipt.error.cause }, `${label}: database unavailable, asking the platform to deliver again`);
        return reply.code(503).send({ error: "temporarily unavailable" });
      default:
        // Platforms re-send anything but a 2xx: a failed turn (already apologised for) must not loop.
        return reply.code(200).send({ ok: true });
    }
  }

  async function send(userId: string, replies: Reply[], locale: Locale | undefined, failure: string) {
    const outcome = await options.send(userId, replies, locale);
    if (outcome && outcome.status !== "sent") logger.warn({ outcome }, failure);
  }

  return {
    requireSecret(header, secret) {
      const expected = digest(secret);
      return async (request, reply) => {
        if (!matchesSecret(request.headers[header], expected)) return reply.code(401).send({ error: "unauthorized" });
      };
    },
    async receive(reply, read) {
      // Another instance (or this one, restarted) will take it.
      if (!accepting) return reply.code(503).send({ error: "shutting down" });
      const delivery = read();
      if (delivery === undefined) return reply.code(200).send({ ok: true });
      if ("status" in delivery) return reply.code(delivery.status).send({ error: delivery.error });
      return answer(reply, await accept(delivery));
    },
    async poll(delivery) {
      const receipt = await accept(delivery);
      if (receipt.kind === "accepted") await receipt.turn;
      else if (receipt.kind === "not-claimed") logger.error({ err: receipt.error.cause }, `${label}: a polled update was dropped`);
    },
    async resume(prefix, read) {
      const stored = await processedUpdates.claimAbandoned(prefix);
      for (const { key, payload } of stored) {
        const delivery = read(payload);
        if (delivery) void start({ ...delivery, key });
        else await processedUpdates.complete(key);
      }
      if (stored.length) logger.info({ events: stored.length }, `${label}: stored events left unhandled by a stopped process handled`);
      return stored.length;
    },
    async converse(userId, message, remember) {
      let locale: Locale | undefined;
      try {
        const result = await core.handle(await message());
        locale = result.locale;
        await remember?.(result);
        await send(userId, result.replies, result.locale, `${label}: reply not delivered`);
      } catch (error) {
        logger.error(describe(error), `${label}: update failed`);
        await send(userId, [core.failureReply(locale)], locale, `${label}: could not tell the user about the failure`).catch((sendError: unknown) =>
          logger.warn(describe(sendError), `${label}: could not tell the user about the failure`),
        );
      }
    },
    async stop() {
      accepting = false;
      await turns.drain();
    },
  };
}
