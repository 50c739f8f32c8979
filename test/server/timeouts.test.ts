import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, httpTimeoutDefaults, loadConfig, type HttpTimeouts } from "../../src/config.js";
import { buildServer } from "../../src/server/index.js";
import { silentLogger } from "../helpers/app.js";

// /healthz needs no database: the server is built on a stand-in, as in domain-errors.test.ts.
const database = { kind: "embedded", readiness: async () => ({ ready: true, pendingMigrations: [] }) } as never;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serverWith(timeouts: HttpTimeouts): Promise<number> {
  const server = buildServer({ database, logger: silentLogger, bodyLimitBytes: 1000, timeouts });
  await server.listen({ port: 0, host: "127.0.0.1" });
  close = () => server.close();
  return (server.server.address() as net.AddressInfo).port;
}

/**
 * A raw client: sends `opening`, then `drip` every `everyMs` (a slow client keeping the
 * connection busy), and reports what it received and when the server closed the connection.
 * Gives up after 5 s: a server that never cuts it off is reported as never closing.
 */
function slowClient(port: number, opening: string, drip?: string, everyMs = 100): Promise<{ received: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = "";
    const socket = net.connect(port, "127.0.0.1", () => socket.write(opening));
    const dripping = drip ? setInterval(() => socket.writable && socket.write(drip), everyMs) : undefined;
    const giveUp = setTimeout(() => finish(Number.POSITIVE_INFINITY), 5000);
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => finish(Date.now() - started));
    function finish(closedAfterMs: number) {
      clearInterval(dripping);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ received, closedAfterMs });
    }
  });
}

describe("a slow or idle client", () => {
  it("is answered 408 and cut off when its headers trickle in slower than the headers timeout (slowloris)", async () => {
    const port = await serverWith({ connectionTimeoutMs: 10_000, requestTimeoutMs: 1000, keepAliveTimeoutMs: 1000, headersTimeoutMs: 500 });
    const { received, closedAfterMs } = await slowClient(port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: a\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it("is answered 408 and cut off when its body trickles in slower than the request timeout", async () => {
    const port = await serverWith({ connectionTimeoutMs: 10_000, requestTimeoutMs: 1000, keepAliveTimeoutMs: 1000, headersTimeoutMs: 500 });
    const headers = "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
    const { received, closedAfterMs } = await slowClient(port, headers, " ");
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(2500);
  });

  it("is disconnected when it opens a connection and sends nothing for the connection timeout", async () => {
    const port = await serverWith({ connectionTimeoutMs: 500, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 10_000, headersTimeoutMs: 15_000 });
    const { closedAfterMs } = await slowClient(port, "");
    expect(closedAfterMs).toBeGreaterThanOrEqual(400);
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it("does not stop a client that sends its request at once from being answered", async () => {
    const port = await serverWith({ connectionTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 300, headersTimeoutMs: 500 });
    const { received, closedAfterMs } = await slowClient(port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toContain('{"status":"ok"}');
    // Then the kept-alive connection, idle, is closed.
    expect(closedAfterMs).toBeLessThan(2000);
  });
});

describe("the timeout settings", () => {
  it("default to fastify/demo's, and can be set from the environment", () => {
    expect(loadConfig({}).httpTimeouts).toEqual(httpTimeoutDefaults);
    expect(httpTimeoutDefaults).toEqual({ connectionTimeoutMs: 120_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 10_000, headersTimeoutMs: 15_000 });
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: "30000", HTTP_HEADERS_TIMEOUT_MS: "5000" }).httpTimeouts).toMatchObject({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 5000,
    });
  });

  it("refuse headers allowed to take longer than the whole request", () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: "10000", HTTP_HEADERS_TIMEOUT_MS: "20000" })).toThrow(ConfigError);
  });
});
