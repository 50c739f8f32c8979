import { startProcess, startServerProcess, type ServerProcess } from "./server-process.js";

/**
 * The servers the load benchmarks put side by side, all answering Telegram webhooks on the
 * same fake Bot API: the floor (Fastify and one sendMessage, no database), the peers (a
 * grammY bot as its documentation shows, sessions through a published storage adapter) and
 * ours.
 */
export type ContenderName = "floor" | "peer-psql" | "peer-prisma" | "ours";
export const referenceNames: ContenderName[] = ["floor", "peer-psql", "peer-prisma"];

/** `preload`: modules imported before the server's own (the memory probe). */
export function startContender(name: ContenderName, env: Record<string, string>, options: { preload?: string[] } = {}): Promise<ServerProcess> {
  if (name === "ours") return startServerProcess(env, options);
  const preload = (options.preload ?? []).flatMap((module) => ["--import", module]);
  const entry = {
    floor: ["bench/reference/floor-server.ts"],
    "peer-psql": ["bench/reference/peer-server.ts", "psql"],
    "peer-prisma": ["bench/reference/peer-server.ts", "prisma"],
  }[name];
  return startProcess(["--import", "tsx", ...preload, ...entry], env);
}
