import type { PrismaClient } from "../../../db/index.js";

/**
 * Customer-service messages reach only people who interacted with the OA in the last 7 days
 * (Zalo answers -230/-232 otherwise). Each interaction we see (a message, a tap, a follow,
 * a form) is recorded in `app_state` under `zalo-oa:interaction:<userId>`, so a push outside
 * the window is skipped without a call. Without a record (someone who wrote before this
 * server ran) the call is made and Zalo's answer decides.
 */
export const CS_WINDOW_MS = 7 * 24 * 3600_000;

export interface InteractionWindow {
  record(userId: string): Promise<void>;
  /** True only when we know the last interaction is older than 7 days. */
  isClosed(userId: string): Promise<boolean>;
}

export function createInteractionWindow(prisma: PrismaClient, now: () => number = Date.now): InteractionWindow {
  const keyOf = (userId: string) => `zalo-oa:interaction:${userId}`;
  return {
    async record(userId) {
      const key = keyOf(userId);
      // Our receive time, not the event's: Zalo timestamps are ambiguous (seconds or ms in samples).
      const value = { at: now() };
      await prisma.appState.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
    async isClosed(userId) {
      const row = await prisma.appState.findUnique({ where: { key: keyOf(userId) } });
      const at = (row?.value as { at?: unknown } | undefined)?.at;
      return typeof at === "number" && now() - at > CS_WINDOW_MS;
    },
  };
}
