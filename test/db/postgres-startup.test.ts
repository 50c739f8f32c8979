import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseUnavailable, openDatabase } from "../../src/db/index.js";
import { freshDatabaseOptions } from "../helpers/database.js";
import { startTcpProxy } from "../resilience/support/tcp-proxy.js";

const serverUrl = process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!serverUrl)("opening PostgreSQL at start-up (skipped without TEST_DATABASE_URL)", () => {
  it("names a database that does not exist, as a configuration problem", async () => {
    const url = new URL(serverUrl!);
    url.pathname = `/xkld_missing_${randomBytes(4).toString("hex")}`;
    const opening = openDatabase({ url: url.toString(), startup: { waitMs: 0 } });
    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailable);
    await expect(opening).rejects.toMatchObject({
      kind: "configuration",
      message: expect.stringMatching(/the database "xkld_missing_\w+" does not exist on PostgreSQL at/),
    });
  });

  it("waits for a server that comes up after the app, saying what it waits for", async () => {
    const fresh = await freshDatabaseOptions();
    cleanups.push(() => fresh.drop());
    const direct = new URL((fresh.options as { url: string }).url);
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    cleanups.push(() => proxy.close());
    const proxied = new URL(direct);
    proxied.host = `127.0.0.1:${proxy.port}`;
    proxy.cut();
    const waits: { problem: string; retryInMs: number }[] = [];
    const opening = openDatabase({
      url: proxied.toString(),
      startup: {
        waitMs: 30_000,
        onWaiting: (problem, retryInMs) => {
          waits.push({ problem, retryInMs });
          // The database comes up while the app waits.
          if (waits.length === 3) proxy.restore();
        },
      },
    });
    const database = await opening;
    cleanups.push(() => database.close());
    expect(waits).toHaveLength(3);
    expect(waits.map((wait) => wait.retryInMs)).toEqual([500, 1000, 2000]);
    for (const wait of waits) expect(wait.problem).toMatch(new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${proxy.port} `));
    expect(await database.readiness()).toMatchObject({ ready: true });
  });

  it("gives up after the wait, with the last problem", async () => {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
    cleanups.push(() => proxy.close());
    proxy.cut();
    const started = Date.now();
    await expect(openDatabase({ url: `postgres://root@127.0.0.1:${proxy.port}/postgres`, startup: { waitMs: 1200 } })).rejects.toMatchObject({
      kind: "unreachable",
      message: expect.stringMatching(/^Cannot use the database: PostgreSQL at 127\.0\.0\.1:\d+ /),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
  });
});
