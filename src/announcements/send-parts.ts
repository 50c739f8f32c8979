import type { Logger } from "pino";
import type { OutboundSender, SendOutcome } from "../shared/index.js";
import type { Clock } from "./clock.js";
import type { RateLimiter } from "./rate-limiter.js";

/**
 * Sends a message's parts in order within the channel's rate limit, and says how it went: the
 * first part that is not sent decides. A platform's "too many requests" pauses the whole
 * channel and the part is tried again, unless the wait would outlive half the lease.
 */
export async function sendParts(
  delivery: { userId: string; parts: string[] },
  deps: { sender: OutboundSender; limiter: RateLimiter; clock: Clock; leaseMs: number; logger: Logger },
): Promise<SendOutcome> {
  const { sender, limiter, clock, leaseMs, logger } = deps;
  const startedAt = clock.now();
  let outcome: SendOutcome = { status: "sent" };
  for (const part of delivery.parts) {
    for (;;) {
      await limiter.acquire(delivery.userId);
      outcome = await sender
        .sendText(delivery.userId, part)
        .catch((error: unknown): SendOutcome => ({ status: "failed", retry: "transient", reason: error instanceof Error ? error.message : String(error) }));
      if (outcome.status !== "rate-limited") break;
      // The whole channel is over its limit, not this person: everyone on it waits.
      limiter.pause(outcome.retryAfterSeconds * 1000);
      logger.warn({ channel: sender.channel, retryAfterSeconds: outcome.retryAfterSeconds }, "rate limited by the platform: pausing the channel");
      // A wait that would outlive the lease goes back to the queue instead, so no other
      // worker mistakes this delivery for a lost one.
      if (clock.now() + outcome.retryAfterSeconds * 1000 - startedAt > leaseMs / 2) break;
    }
    if (outcome.status !== "sent") break;
  }
  return outcome;
}
