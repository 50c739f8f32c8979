import net from "node:net";
import { runScript, waitFor, type RunningProcess } from "../../helpers/processes.js";

export interface ServerUnderTest {
  process: RunningProcess;
  baseUrl: string;
  kill(): Promise<void>;
}

/** Starts `npm start`'s entry point as its own process and waits for its "ready" line. */
export async function startServer(env: Record<string, string>): Promise<ServerUnderTest> {
  const port = await freePort();
  const process = runScript("src/main.ts", { NODE_ENV: "production", LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: String(port), ...env });
  await waitFor(() => process.output().includes('"msg":"ready"') || process.child.exitCode !== null, 60_000);
  if (process.child.exitCode !== null) throw new Error(`server exited with ${process.child.exitCode}:\n${process.output()}`);
  return {
    process,
    baseUrl: `http://127.0.0.1:${port}`,
    async kill() {
      if (process.child.exitCode === null && process.child.signalCode === null) {
        process.child.kill("SIGKILL");
        await process.exited;
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One visitor of the web chat API, keeping its session id as the page does. */
export function webVisitor() {
  let sessionId: string | undefined;
  const send = async (baseUrl: string, input: { text: string } | { action: string }): Promise<{ text: string }[]> => {
    const response = await fetch(`${baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...(sessionId ? { sessionId } : {}), ...input }),
    });
    const body = (await response.json()) as { sessionId: string; replies: { text: string }[] };
    sessionId = body.sessionId;
    return body.replies;
  };
  return Object.assign(send, { sessionId: () => sessionId });
}
