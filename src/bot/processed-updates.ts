import { directSqlFor, type PrismaClient } from "../db/index.js";

/**
 * Platforms re-deliver an update when they think we missed it. Each update key is claimed
 * once, so a re-delivery is acknowledged without being handled again. Keys expire after
 * `ttlMs` (platforms stop retrying long before).
 */
export interface ProcessedUpdates {
  /** True the first time a key is seen. */
  claim(key: string): Promise<boolean>;
  purgeExpired(now?: Date): Promise<number>;
}

export function createProcessedUpdates(prisma: PrismaClient, ttlMs = 48 * 3600_000): ProcessedUpdates {
  const sql = directSqlFor(prisma);
  return {
    async claim(key) {
      const inserted = await sql.execute(`INSERT INTO processed_updates (key) VALUES ($1) ON CONFLICT (key) DO NOTHING`, [key]);
      return inserted === 1;
    },
    async purgeExpired(now = new Date()) {
      const { count } = await prisma.processedUpdate.deleteMany({
        where: { createdAt: { lt: new Date(now.getTime() - ttlMs) } },
      });
      return count;
    },
  };
}
