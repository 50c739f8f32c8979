import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The little a migrator needs from a database connection. */
export interface MigrationTarget {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction: every migration is applied whole or not at all. */
  transaction(work: (tx: Pick<MigrationTarget, "query"> & { exec(sql: string): Promise<void> }) => Promise<void>): Promise<void>;
  /** Serialises migrators of several instances starting together (PostgreSQL only). */
  withExclusiveLock<T>(work: () => Promise<T>): Promise<T>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(migrationsDir: string): Migration[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies pending migrations and records them in Prisma's own `_prisma_migrations` table
 * (same columns, checksum = sha256 of the file), so a native `prisma migrate deploy`
 * run elsewhere agrees with what this migrator did. We cannot use `migrate deploy` itself:
 * its JS engine fails on a PostgreSQL server (prisma/orm#27403).
 */
export async function applyMigrations(target: MigrationTarget, migrations: Migration[]): Promise<string[]> {
  return target.withExclusiveLock(async () => {
    await target.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = await target.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedByName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const checksum = appliedByName.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied. Never edit an applied migration: add a new one.`);
        }
        continue;
      }
      await target.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
      });
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  });
}

/** Migrations not applied yet; throws when the database cannot be asked (it is not "all pending" then). */
export async function pendingMigrations(target: Pick<MigrationTarget, "query">, migrations: Migration[]): Promise<string[]> {
  const rows = await target
    .query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)
    .catch((error: { code?: string }) => {
      // 42P01: no such table, a database no migrator has touched yet.
      if (error.code === "42P01") return [];
      throw error;
    });
  const done = new Set(rows.map((row) => row.migration_name));
  return migrations.filter((migration) => !done.has(migration.name)).map((migration) => migration.name);
}
