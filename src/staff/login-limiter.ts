/**
 * Slows password guessing: after `maxFailures` failed logins within `windowMs` against one
 * username, or four times as many from one address (a whole office shares one address),
 * further attempts are refused until the window passes. Kept in memory: each instance
 * limits on its own, which still bounds guessing per instance.
 */
const IP_SHARE = 4;

export function createLoginLimiter(options: { maxFailures: number; windowMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  function recent(key: string): number[] {
    const cutoff = now() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > cutoff);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  }

  const keys = (ip: string, username: string) => [`ip:${ip}`, `user:${username.trim().toLowerCase()}`];

  return {
    /** Seconds to wait, or 0 when an attempt may be made now. */
    retryAfterSeconds(ip: string, username: string): number {
      let wait = 0;
      for (const key of keys(ip, username)) {
        const times = recent(key);
        const limit = key.startsWith("ip:") ? options.maxFailures * IP_SHARE : options.maxFailures;
        if (times.length >= limit) wait = Math.max(wait, Math.ceil((times[0]! + options.windowMs - now()) / 1000));
      }
      return wait;
    },
    failed(ip: string, username: string): void {
      for (const key of keys(ip, username)) failures.set(key, [...recent(key), now()]);
    },
    succeeded(_ip: string, username: string): void {
      failures.delete(`user:${username.trim().toLowerCase()}`);
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
