import type { SqlDatabase } from "../../db/index.js";

/**
 * Platforms re-deliver an update when they think we missed it. An update is claimed before
 * it is handled and completed after, so a re-delivery is acknowledged without being handled
 * again; one whose handler died with its process (claimed, never completed) is handled again
 * once its lease has passed, so a crash loses no message. Keys expire after `ttlMs`
 * (platforms stop retrying long before).
 */
export interface ProcessedUpdates {
  /**
   * True when this caller should handle the update: new, or abandoned by a dead process.
   * `payload` (the event as received) is kept until completion, for `claimAbandoned`.
   */
  claim(key: string, payload?: string): Promise<boolean>;
  /** Handled: re-deliveries are ignored from now on. */
  complete(key: string): Promise<void>;
  /** Claimed and not yet handled (its handler runs, or died less than a lease ago). */
  inProgress(key: string): Promise<boolean>;
  /**
   * Stored events under `prefix` whose handler died (claimed longer than a lease ago, never
   * completed): claimed again by this caller, with their payloads.
   */
  claimAbandoned(prefix: string, limit?: number): Promise<{ key: string; payload: string }[]>;
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
    async claim(key, payload) {
      const current = now();
      const claimed = await sql.execute(
        `INSERT INTO processed_updates (key, created_at, payload) VALUES ($1, $2::timestamp, $4)
         ON CONFLICT (key) DO UPDATE SET created_at = EXCLUDED.created_at
         WHERE processed_updates.completed_at IS NULL AND processed_updates.created_at < $3::timestamp`,
        [key, at(current), at(new Date(current.getTime() - leaseMs)), payload ?? null],
      );
      return claimed === 1;
    },
    async complete(key) {
      await sql.execute(`UPDATE processed_updates SET completed_at = $2::timestamp, payload = NULL WHERE key = $1`, [key, at(now())]);
    },
    async inProgress(key) {
      const rows = await sql.query<{ open: boolean }>(`SELECT completed_at IS NULL AS open FROM processed_updates WHERE key = $1`, [key]);
      return rows[0]?.open === true;
    },
    async claimAbandoned(prefix, limit = 100) {
      const current = now();
      // Several instances may look at once: SKIP LOCKED gives each abandoned event to one of them.
      return sql.query<{ key: string; payload: string }>(
        `UPDATE processed_updates SET created_at = $1::timestamp
         WHERE key IN (
           SELECT key FROM processed_updates
           WHERE key LIKE $2 AND completed_at IS NULL AND payload IS NOT NULL AND created_at < $3::timestamp
           ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING key, payload`,
        [at(current), `${prefix.replace(/[%_\\]/g, "\\$&")}%`, at(new Date(current.getTime() - leaseMs)), limit],
      );
    },
    async purgeExpired(current = now()) {
      const { count } = await prisma.processedUpdate.deleteMany({
        where: { createdAt: { lt: new Date(current.getTime() - ttlMs) } },
      });
      return count;
    },
  };
}
