/**
 * Slows password guessing without letting an attacker lock the owner out.
 *
 * - **Per address**: after four times `maxFailures` failures within `windowMs` (a whole office
 *   shares one address), that address is refused until its failures age out. This stops one
 *   machine guessing many accounts; it cannot lock anyone else out.
 * - **Per account, from browsers the account never logged in from**: the first `maxFailures`
 *   failures are free; then attempts are spaced, each pause twice the last (2 s, 4 s… up to
 *   `maxDelayMs`), counted from the last failure. An attacker with many addresses gets about
 *   one guess per `maxDelayMs`; the owner waits seconds, never the whole window.
 * - **Per trusted browser**: a browser holding a device cookie from an earlier login of the
 *   account (see device-cookies.ts) skips the two limits above and has `maxFailures` attempts
 *   of its own per window, so an attack on the account never keeps its owner out.
 *
 * An attempt is reserved before the password is checked (`begin`), so parallel requests cannot
 * all pass the check at once, and released with its outcome (`finish`). Kept in memory: each
 * instance limits on its own. Old keys are dropped, and at most `maxKeys` are kept.
 */
const IP_SHARE = 4;
const FIRST_DELAY_MS = 2000;
const SWEEP_EVERY_MS = 60_000;
/** A refused key is written to the audit log at most this often: a flood must not fill it. */
const REFUSAL_AUDIT_EVERY_MS = 60_000;

export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  maxDelayMs?: number;
  maxKeys?: number;
  now?: () => number;
}

export interface LoginAttempt {
  ip: string;
  username: string;
  /** The id of a valid device cookie of this same account, when the browser sent one. */
  trustedDevice?: string;
}

export type RefusalReason = "address" | "account" | "device";
export interface LoginTicket {
  readonly keys: string[];
}
export type LoginDecision =
  | { allowed: true; ticket: LoginTicket }
  | { allowed: false; reason: RefusalReason; retryAfterSeconds: number; firstRefusalInAWhile: boolean };

interface Counter {
  failures: number[];
  pending: number;
  /** Account keys: no attempt before this time. */
  nextAt: number;
  lastRefusalAuditAt: number;
}

export function createLoginLimiter(options: LoginLimiterOptions) {
  const now = options.now ?? Date.now;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const counters = new Map<string, Counter>();
  let lastSweep = now();

  function counter(key: string): Counter {
    let found = counters.get(key);
    if (!found) {
      found = { failures: [], pending: 0, nextAt: 0, lastRefusalAuditAt: -Infinity };
      counters.set(key, found);
    }
    return found;
  }

  function attempts(key: string, at: number): number {
    const found = counters.get(key);
    if (!found) return 0;
    found.failures = found.failures.filter((time) => time > at - options.windowMs);
    return found.failures.length + found.pending;
  }

  const delayAfter = (attemptsOverLimit: number) => Math.min(maxDelayMs, FIRST_DELAY_MS * 2 ** Math.max(0, attemptsOverLimit - 1));

  function refuse(key: string, reason: RefusalReason, until: number, at: number): LoginDecision {
    const entry = counter(key);
    const firstRefusalInAWhile = at - entry.lastRefusalAuditAt >= REFUSAL_AUDIT_EVERY_MS;
    if (firstRefusalInAWhile) entry.lastRefusalAuditAt = at;
    return { allowed: false, reason, retryAfterSeconds: Math.max(1, Math.ceil((until - at) / 1000)), firstRefusalInAWhile };
  }

  /** Until when a key over its limit stays refused: its oldest failure ages out (pending ones: soon). */
  function freeAt(key: string, at: number): number {
    const oldest = counters.get(key)?.failures[0];
    return oldest === undefined ? at + 1000 : oldest + options.windowMs;
  }

  function sweep(at: number) {
    lastSweep = at;
    for (const [key, entry] of counters) {
      entry.failures = entry.failures.filter((time) => time > at - options.windowMs);
      if (entry.failures.length === 0 && entry.pending === 0 && entry.nextAt <= at && at - entry.lastRefusalAuditAt >= REFUSAL_AUDIT_EVERY_MS) {
        counters.delete(key);
      }
    }
    // Still too many (addresses made up by the million): forget the oldest idle ones.
    for (const [key, entry] of counters) {
      if (counters.size <= maxKeys) break;
      if (entry.pending === 0) counters.delete(key);
    }
  }

  return {
    /** Reserves an attempt, or says why it is refused and for how long. */
    begin(attempt: LoginAttempt): LoginDecision {
      const at = now();
      if (at - lastSweep >= SWEEP_EVERY_MS || counters.size > maxKeys) sweep(at);
      if (attempt.trustedDevice !== undefined) {
        const deviceKey = `device:${attempt.trustedDevice}`;
        if (attempts(deviceKey, at) < options.maxFailures) {
          counter(deviceKey).pending++;
          return { allowed: true, ticket: { keys: [deviceKey] } };
        }
        // A trusted browser that keeps failing is treated like any other.
      }
      const ipKey = `ip:${attempt.ip}`;
      const userKey = `user:${attempt.username.trim().toLowerCase()}`;
      if (attempts(ipKey, at) >= options.maxFailures * IP_SHARE) return refuse(ipKey, "address", freeAt(ipKey, at), at);
      const account = counter(userKey);
      if (account.nextAt > at) return refuse(userKey, "account", account.nextAt, at);
      const made = attempts(userKey, at) + 1;
      if (made >= options.maxFailures) account.nextAt = at + delayAfter(made - options.maxFailures + 1);
      account.pending++;
      counter(ipKey).pending++;
      return { allowed: true, ticket: { keys: [ipKey, userKey] } };
    },

    /** `unchecked`: the password was never compared (busy, error); the attempt does not count. */
    finish(ticket: LoginTicket, outcome: "failed" | "succeeded" | "unchecked"): void {
      const at = now();
      for (const key of ticket.keys) {
        const entry = counter(key);
        entry.pending = Math.max(0, entry.pending - 1);
        if (outcome === "failed") {
          entry.failures.push(at);
          const made = attempts(key, at);
          // The pause runs from the failure, not from when the attempt began.
          if (key.startsWith("user:") && made >= options.maxFailures) {
            entry.nextAt = Math.max(entry.nextAt, at + delayAfter(made - options.maxFailures + 1));
          }
        } else if (outcome === "succeeded" && key.startsWith("device:")) {
          entry.failures = [];
        }
      }
    },

    /** How many keys are held in memory (for tests and metrics). */
    trackedKeys: () => counters.size,
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
