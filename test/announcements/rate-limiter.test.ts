import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/announcements/index.js";
import { FakeClock } from "./support.js";

/** The largest number of times that fall within any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    // A microsecond of slack: slot times are sums of 1000/rate and carry float error.
    while (sorted[end]! - sorted[start]! >= windowMs - 1e-6) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe("the per-channel rate limiter", () => {
  it("lets at most the configured number of messages per second through across all chats", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 30, perChatIntervalMs: 1000 }, clock);
    const start = clock.now();
    const times = await Promise.all(
      Array.from({ length: 90 }, async (_, index) => {
        await limiter.acquire(`chat-${index}`);
        return clock.now();
      }),
    );
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(30);
    expect(Math.max(...times) - start).toBeGreaterThanOrEqual(2900);
    expect(Math.max(...times) - start).toBeLessThan(3100);
  });

  it("allows a small burst only to catch up, never more than rate + burst in a second", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 100, perChatIntervalMs: 0, burst: 5 }, clock);
    const times = await Promise.all(
      Array.from({ length: 500 }, async (_, index) => {
        await limiter.acquire(String(index));
        return clock.now();
      }),
    );
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(105);
  });

  it("sends to one chat at most once per interval, without slowing the other chats", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 30, perChatIntervalMs: 1000 }, clock);
    const start = clock.now();
    const sameChat: number[] = [];
    const others: number[] = [];
    await Promise.all([
      (async () => {
        for (let i = 0; i < 4; i++) {
          await limiter.acquire("same");
          sameChat.push(clock.now() - start);
        }
      })(),
      ...Array.from({ length: 10 }, async (_, index) => {
        await limiter.acquire(`other-${index}`);
        others.push(clock.now() - start);
      }),
    ]);
    for (let i = 1; i < sameChat.length; i++) expect(sameChat[i]! - sameChat[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...others)).toBeLessThan(1000);
  });

  it("holds every chat of the channel while paused by a 429", async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perSecond: 30, perChatIntervalMs: 1000 }, clock);
    const start = clock.now();
    limiter.pause(5000);
    expect(limiter.pausedFor()).toBe(5000);
    await limiter.acquire("a");
    expect(clock.now() - start).toBeGreaterThanOrEqual(5000);
  });
});
