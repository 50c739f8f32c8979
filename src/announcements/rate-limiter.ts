import type { Clock } from "./clock.js";

export interface ChannelRateLimit {
  /** Messages per second across all recipients of the channel. */
  perSecond: number;
  /** The least gap between two messages to the same person (Telegram: about 1 s). */
  perChatIntervalMs: number;
  /**
   * Messages that may go out back to back after a pause, so that timer lateness (Node timers
   * fire a millisecond or more late) is caught up instead of lowering the throughput. Keep it
   * small: a platform that counts per fixed second sees at most `perSecond + burst` in one.
   */
  burst?: number;
}

/** Paces the sends of one channel: a global rate, a per-person gap, and pauses on 429. */
export interface RateLimiter {
  /** Resolves when a message to `chatId` may be sent now; the slot is taken. */
  acquire(chatId: string): Promise<void>;
  /** The platform said "retry after": nobody on this channel sends until then. */
  pause(ms: number): void;
  /** Milliseconds left of a pause (0 when none). */
  pausedFor(): number;
}

/**
 * A generic cell rate algorithm (a token bucket that stores one timestamp): the next free
 * slot is `theoreticalArrival`, and a call may run ahead of it by `burst - 1` slots.
 */
export function createRateLimiter(limit: ChannelRateLimit, clock: Clock): RateLimiter {
  const interval = 1000 / limit.perSecond;
  const tolerance = (Math.max(1, limit.burst ?? 1) - 1) * interval;
  // Times are kept relative to the limiter's creation: slot times are sums of 1000/rate, and
  // added to an epoch in ms (~1.8e12) they would lose precision and creep ahead of the limit.
  const origin = clock.now();
  const elapsed = () => clock.now() - origin;
  let theoreticalArrival = 0;
  let pausedUntil = 0;
  const nextForChat = new Map<string, number>();

  function forgetOldChats(now: number) {
    // Announcements reach each person once or twice: without this the map would only grow.
    if (nextForChat.size < 50_000) return;
    for (const [chatId, at] of nextForChat) if (at <= now) nextForChat.delete(chatId);
  }

  return {
    async acquire(chatId) {
      for (;;) {
        const now = elapsed();
        const blockedUntil = Math.max(pausedUntil, nextForChat.get(chatId) ?? 0);
        if (blockedUntil > now) {
          await clock.sleep(blockedUntil - now);
          continue;
        }
        // Reserve the slot before sleeping, so that waiters queue up instead of all waking
        // for the same slot; the person's own gap is reserved from the same moment.
        const slot = Math.max(theoreticalArrival, now);
        const startAt = Math.max(now, slot - tolerance);
        theoreticalArrival = slot + interval;
        if (limit.perChatIntervalMs > 0) nextForChat.set(chatId, startAt + limit.perChatIntervalMs);
        forgetOldChats(now);
        if (startAt > now) await clock.sleep(startAt - now);
        // A 429 arrived while this one waited: its slot is void, it queues again after the pause.
        if (pausedUntil > elapsed()) {
          nextForChat.delete(chatId);
          continue;
        }
        return;
      }
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, elapsed() + ms);
    },
    pausedFor() {
      return Math.max(0, pausedUntil - elapsed());
    },
  };
}
