import type { BotCore } from "./core.js";
import type { Locale } from "./types.js";

export interface FloodLimitSettings {
  /** Messages a person may send per minute, on average; 0 turns the limit off. */
  messagesPerMinute: number;
  /** Messages a person may send at once before the average applies. */
  burst: number;
}

/** What to do with one message: handle it, tell the person to slow down, or ignore it. */
export type FloodVerdict = "handle" | "notify" | "ignore";

export interface FloodLimiter {
  take(key: string): FloodVerdict;
  /** The language of the person's last handled turn, for the notice. */
  noteLocale(key: string, locale: Locale): void;
  localeOf(key: string): Locale | undefined;
  /** People currently tracked (for tests of the memory bound). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  noticeAt?: number;
  locale?: Locale;
}

// One notice per minute at most: a flood must not turn into a flood of notices.
const NOTICE_COOL_DOWN_MS = 60_000;
const SWEEP_INTERVAL_MS = 60_000;

/**
 * A token bucket per person (`<channel>:<user id>`), in this process's memory: each instance
 * counts on its own, so behind a load balancer a person may send up to N times the limit.
 * Good enough against a person or script flooding one conversation; not a defence against
 * many identities (that is the reverse proxy's job).
 */
export function createFloodLimiter(settings: FloodLimitSettings, now: () => number = Date.now): FloodLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = settings.messagesPerMinute / 60_000;
  let sweptAt = now();

  function refilled(bucket: Bucket, at: number) {
    bucket.tokens = Math.min(settings.burst, bucket.tokens + (at - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = at;
  }

  // Forgets people whose bucket is full again and whose notice has cooled down: they are
  // indistinguishable from someone new, so memory stays bounded by recent senders.
  function sweep(at: number) {
    if (at - sweptAt < SWEEP_INTERVAL_MS) return;
    sweptAt = at;
    for (const [key, bucket] of buckets) {
      refilled(bucket, at);
      const noticeCooled = bucket.noticeAt === undefined || at - bucket.noticeAt >= NOTICE_COOL_DOWN_MS;
      if (bucket.tokens >= settings.burst && noticeCooled) buckets.delete(key);
    }
  }

  return {
    take(key) {
      if (settings.messagesPerMinute === 0) return "handle";
      const at = now();
      sweep(at);
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: settings.burst, updatedAt: at };
        buckets.set(key, bucket);
      }
      refilled(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return "handle";
      }
      if (bucket.noticeAt !== undefined && at - bucket.noticeAt < NOTICE_COOL_DOWN_MS) return "ignore";
      bucket.noticeAt = at;
      return "notify";
    },
    noteLocale(key, locale) {
      const bucket = buckets.get(key);
      if (bucket) bucket.locale = locale;
    },
    localeOf: (key) => buckets.get(key)?.locale,
    get size() {
      return buckets.size;
    },
  };
}

/**
 * The core, behind the flood limit: used by every channel, so one place decides. A message
 * over the limit is not handled at all (no database work); the channel still answers its
 * webhook with 200, so platforms do not re-send it.
 */
export function limitFlooding(core: BotCore, limiter: FloodLimiter): BotCore {
  return {
    ...core,
    async handle(message) {
      const key = `${message.channel}:${message.userId}`;
      const verdict = limiter.take(key);
      if (verdict === "handle") {
        const result = await core.handle(message);
        if (result.locale) limiter.noteLocale(key, result.locale);
        return result;
      }
      const locale = limiter.localeOf(key) ?? "vi";
      return { replies: verdict === "notify" ? [{ text: core.texts.t(locale, "flood.slowDown") }] : [], locale };
    },
  };
}
