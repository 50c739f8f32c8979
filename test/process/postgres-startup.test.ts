import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFakePostgres } from "../fakes/fake-postgres.js";
import { runScript, type RunningProcess } from "../helpers/processes.js";

const running: RunningProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const process of running.splice(0)) process.child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;
const key = randomBytes(32).toString("base64");

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function start(databaseUrl: string, waitSeconds: string) {
  const server = runScript("src/main.ts", {
    DATABASE_URL: databaseUrl,
    REGISTRATION_ENCRYPTION_KEY: key,
    DATABASE_WAIT_SECONDS: waitSeconds,
    PORT: "0",
    LOG_LEVEL: "info",
  });
  running.push(server);
  return server;
}

describe("starting on a PostgreSQL server that is not there", () => {
  it("says so in one line per attempt, retries with a growing pause, then exits with 69 and no stack trace", async () => {
    const server = start(`postgres://xkld:s3cret-pass@127.0.0.1:${await closedPort()}/xkld`, "3");
    expect(await server.exited).toBe(69);
    const output = server.output();
    const attempts = output.split("\n").filter((line) => line.includes("refused the connection (is it running"));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(output).toMatch(/trying again in 1 s/);
    expect(output).toContain("Cannot use the database: PostgreSQL at 127.0.0.1:");
    expect(output).not.toMatch(stackTrace);
    expect(output).not.toContain("s3cret-pass");
  }, 120_000);

  it("names a refused password and the user, keeps the password out of the output, and exits with 78", async () => {
    const fake = await startFakePostgres({ sqlstate: "28P01", message: 'password authentication failed for user "xkld"' });
    cleanups.push(fake.close);
    const server = start(`postgres://xkld:s3cret-pass@127.0.0.1:${fake.port}/xkld`, "1");
    expect(await server.exited).toBe(78);
    expect(fake.passwordsSeen).toContain("s3cret-pass");
    const output = server.output();
    expect(output).toContain(`PostgreSQL at 127.0.0.1:${fake.port} refused the password of user \\"xkld\\" (check DATABASE_URL)`);
    expect(output).not.toMatch(stackTrace);
    expect(output).not.toContain("s3cret-pass");
  }, 120_000);

  it("makes the command-line tools say the same in one line", async () => {
    const port = await closedPort();
    const run = runScript(
      "src/cli/export-registrations.ts",
      { DATABASE_URL: `postgres://xkld:s3cret-pass@127.0.0.1:${port}/xkld`, REGISTRATION_ENCRYPTION_KEY: key, LOG_LEVEL: "warn" },
      ["--month", "2026-11", "--province", "Huế"],
    );
    running.push(run);
    expect(await run.exited).toBe(69);
    expect(run.output().trim()).toBe(
      `Cannot use the database: PostgreSQL at 127.0.0.1:${port} refused the connection (is it running, and listening on that address?).`,
    );
  }, 120_000);
});
