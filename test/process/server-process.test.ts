import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runScript, waitFor, type RunningProcess } from "../helpers/processes.js";

const running: RunningProcess[] = [];
afterEach(() => {
  for (const process of running.splice(0)) process.child.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string) {
  const port = await freePort();
  const server = runScript("src/main.ts", { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production" });
  running.push(server);
  await waitFor(() => server.output().includes('"msg":"ready"') || server.child.exitCode !== null);
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

async function say(baseUrl: string, body: object) {
  const response = await fetch(`${baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as { sessionId: string; replies: { text: string }[] };
}

describe("the server process on the embedded database", () => {
  it("keeps a conversation across a kill and a restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-data-"));
    const first = await startServer(dataDir);
    const { sessionId } = await say(first.baseUrl, {});
    await say(first.baseUrl, { sessionId, action: "lang:en" });
    first.server.child.kill("SIGKILL");
    await first.server.exited;

    const second = await startServer(dataDir);
    const { replies } = await say(second.baseUrl, { sessionId, text: "/menu" });
    expect(replies[0]!.text).toMatch(/^What would you like to do/);
  });

  it("refuses a second process on the same data folder with a clear message", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-data-"));
    await startServer(dataDir);
    const second = runScript("src/main.ts", { PORT: "0", DATA_DIR: dataDir, NODE_ENV: "production" });
    running.push(second);
    expect(await second.exited).toBe(75);
    expect(second.output()).toMatch(/embedded database in .* is in use by process \d+/);
  });

  it("shuts down cleanly on SIGTERM and releases the data folder", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-data-"));
    const { server } = await startServer(dataDir);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "embedded-db.lock"))).toBe(false);
  });

  it("exits with a readable message for a malformed variable", async () => {
    const bad = runScript("src/main.ts", { DATABASE_URL: "mysql://nope", TELEGRAM_BOT_TOKEN: "abc" });
    running.push(bad);
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toContain("DATABASE_URL must be a PostgreSQL URL");
    expect(bad.output()).toContain("TELEGRAM_BOT_TOKEN must look like");
  });
});
