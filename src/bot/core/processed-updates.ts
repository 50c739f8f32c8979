import type { SqlDatabase } from "../../db/index.js";

/**
 * Platforms re-deliver an update when they think we missed it. An update is claimed before
 * it is handled and completed after, so a re-delivery is acknowledged without being handled
 * again; one whose handler died with its process (claimed, never completed) is handled again
 * once its lease has passed, so a crash loses no message. Keys expire after `ttlMs`
 * (platforms stop retrying long before).
 */
export interface ProcessedUpdates {
  /** True when this caller should handle the update: new, or abandoned by a dead process. */
  claim(key: string): Promise<boolean>;
  /** Handled: re-deliveries are ignored from now on. */
  complete(key: string): Promise<void>;
  purgeExpired(now?: Date): Promise<number>;
}

export interface ProcessedUpdateSettings {
  ttlMs: number;
  /** Longer than any turn takes, Bot API retries included. */
  leaseMs: number;
  now: () => Date;
}

const defaults: ProcessedUpdateSettings = { ttlMs: 48 * 3600_000, leaseMs: 60_000, now: () => new Date() };

export function createProcessedUpdates(database: SqlDatabase, settings: Partial<ProcessedUpdateSettings> = {}): ProcessedUpdates {
  const { ttlMs, leaseMs, now } = { ...defaults, ...settings };
  const { prisma, sql } = database;
  // Timestamps as UTC wall-clock time, as Prisma writes them (the columns have no zone).
  const at = (date: Date) => date.toISOString();
  return {
    async claim(key) {
      const current = now();
      const claimed = await sql.execute(
        `INSERT INTO processed_updates (key, created_at) VALUES ($1, $2::timestamp)
         ON CONFLICT (key) DO UPDATE SET created_at = EXCLUDED.created_at
         WHERE processed_updates.completed_at IS NULL AND processed_updates.created_at < $3::timestamp`,
        [key, at(current), at(new Date(current.getTime() - leaseMs))],
      );
      return claimed === 1;
    },
    async complete(key) {
      await sql.execute(`UPDATE processed_updates SET completed_at = $2::timestamp WHERE key = $1`, [key, at(now())]);
    },
    async purgeExpired(current = now()) {
      const { count } = await prisma.processedUpdate.deleteMany({
        where: { createdAt: { lt: new Date(current.getTime() - ttlMs) } },
      });
      return count;
    },
  };
}
