/**
 * Time as the delivery code sees it. Injected so that rate limits, backoff and leases can be
 * tested with a fake clock instead of real waiting.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
