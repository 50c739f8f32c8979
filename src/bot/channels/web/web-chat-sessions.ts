import { isIPv6 } from "node:net";

/**
 * How many web chat sessions one address may hold within `windowMs`. Every session is a
 * conversation row, and the session id is whatever the client sends: without a limit one
 * script creates them by the ten thousand. A session already seen from the address always
 * passes; a new one (no id, or an id this address has not used) is refused once the address
 * has `perAddress` sessions in the window. IPv6 addresses count per /64, what one line gets.
 *
 * In memory, per instance: at most `maxSessions` ids are kept, the least recently active
 * addresses forgotten first.
 */
export function createWebChatSessionLimit(options: { perAddress: number; windowMs: number; maxSessions?: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const maxSessions = options.maxSessions ?? 200_000;
  /** Address → session id → last seen; both maps in order of last use, oldest first. */
  const byAddress = new Map<string, Map<string, number>>();
  let total = 0;

  function recentSessions(address: string, at: number): Map<string, number> | undefined {
    const sessions = byAddress.get(address);
    if (!sessions) return undefined;
    for (const [id, seen] of sessions) {
      if (seen > at - options.windowMs) break;
      sessions.delete(id);
      total--;
    }
    if (sessions.size === 0) byAddress.delete(address);
    return sessions.size ? sessions : undefined;
  }

  return {
    /** 0 when the request may go on; otherwise seconds until the address may open a session again. */
    retryAfterSeconds(ip: string, sessionId: string | undefined): number {
      if (options.perAddress <= 0) return 0;
      const at = now();
      const sessions = recentSessions(addressKey(ip), at);
      if (!sessions || (sessionId !== undefined && sessions.has(sessionId)) || sessions.size < options.perAddress) return 0;
      const oldest = sessions.values().next().value!;
      return Math.max(1, Math.ceil((oldest + options.windowMs - at) / 1000));
    },

    /** A session the server answered: now known from this address. */
    record(ip: string, sessionId: string): void {
      if (options.perAddress <= 0) return;
      const at = now();
      const address = addressKey(ip);
      const sessions = recentSessions(address, at) ?? new Map<string, number>();
      if (!sessions.delete(sessionId)) total++;
      sessions.set(sessionId, at);
      byAddress.delete(address);
      byAddress.set(address, sessions);
      for (const [oldAddress, oldSessions] of byAddress) {
        if (total <= maxSessions) break;
        byAddress.delete(oldAddress);
        total -= oldSessions.size;
      }
    },

    /** Session ids held in memory (for tests and metrics). */
    trackedSessions: () => total,
  };
}
export type WebChatSessionLimit = ReturnType<typeof createWebChatSessionLimit>;

function addressKey(ip: string): string {
  const address = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (!isIPv6(address)) return address;
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
