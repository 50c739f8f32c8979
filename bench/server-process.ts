import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));

/** How the benchmarks start our server: through tsx, or the built JavaScript. */
export const serverEntry: "tsx" | "dist" = process.env.BENCH_BUILT === "1" ? "dist" : "tsx";

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Milliseconds from spawn to the first successful `GET /readyz`. */
  readyAfterMs: number;
  rssMb(): number;
  /** User + system CPU time the process has used so far, in milliseconds. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry point as its own process, as in production.
 * BENCH_BUILT=1 runs the JavaScript of `npm run build` (dist/main.js) instead of the TypeScript
 * through tsx; `preload` modules are imported before it (the memory probe).
 */
export function startServerProcess(env: Record<string, string>, options: { preload?: string[] } = {}): Promise<ServerProcess> {
  const preload = (options.preload ?? []).flatMap((module) => ["--import", module]);
  const entry =
    serverEntry === "dist" ? [...(preload.length ? ["--import", "tsx"] : []), ...preload, "dist/main.js"] : ["--import", "tsx", ...preload, "src/main.ts"];
  return startProcess(entry, { NODE_ENV: "production", LOG_LEVEL: "warn", ...env });
}

/**
 * Starts a Node process that serves HTTP on `PORT`/`HOST` and answers `GET /readyz` once ready
 * (ours, or a reference server of bench/reference). BENCH_CPU_PROF=<dir> writes a CPU profile
 * of each process there.
 */
export async function startProcess(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, ...args], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      PORT: String(port),
      HOST: "127.0.0.1",
      // The load generator is one address standing for hundreds of visitors.
      WEB_CHAT_SESSIONS_PER_ADDRESS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited: ${output}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const readyAfterMs = performance.now() - started;
  return {
    child,
    baseUrl,
    readyAfterMs,
    rssMb: () => processRssMb(child.pid!),
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

export function processRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms on Linux). */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
