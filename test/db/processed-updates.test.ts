import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProcessedUpdates } from "../../src/bot/core/processed-updates.js";
import type { Database } from "../../src/db/index.js";
import { openTestDatabase, testDatabaseKind } from "../helpers/database.js";

describe(`platform update ids on ${testDatabaseKind}`, () => {
  let database: Database & { dropAll(): Promise<void> };
  let clock = new Date("2026-11-23T08:00:00Z");
  beforeEach(async () => {
    database = await openTestDatabase();
    clock = new Date("2026-11-23T08:00:00Z");
  });
  afterEach(async () => database.dropAll());
  const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

  it("handles an update once: a re-delivery during or after handling is ignored", async () => {
    const updates = createProcessedUpdates(database, { leaseMs: 60_000, now: () => clock });
    expect(await updates.claim("telegram:1")).toBe(true);
    expect(await updates.claim("telegram:1")).toBe(false);
    await updates.complete("telegram:1");
    later(10 * 60_000);
    expect(await updates.claim("telegram:1")).toBe(false);
  });

  it("hands an update whose handler died with its process to the next delivery after the lease", async () => {
    const updates = createProcessedUpdates(database, { leaseMs: 60_000, now: () => clock });
    expect(await updates.claim("zalo-bot:9")).toBe(true);
    later(30_000);
    expect(await updates.claim("zalo-bot:9")).toBe(false);
    later(31_000);
    expect(await updates.claim("zalo-bot:9")).toBe(true);
    // Taken over: the lease starts again for the new handler.
    expect(await updates.claim("zalo-bot:9")).toBe(false);
  });

  it("forgets ids older than their lifetime", async () => {
    const updates = createProcessedUpdates(database, { ttlMs: 3600_000, now: () => clock });
    await updates.claim("telegram:old");
    await updates.complete("telegram:old");
    later(2 * 3600_000);
    await updates.claim("telegram:new");
    expect(await updates.purgeExpired()).toBe(1);
    expect(await database.prisma.processedUpdate.findMany({ select: { key: true } })).toEqual([{ key: "telegram:new" }]);
  });
});
