import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { lockDataDir } from "./embedded-lock.js";
import type { DirectSql } from "./direct-sql.js";
import { pgliteDirectSql } from "./pglite-direct-sql.js";
import { PrismaClient } from "./generated/client.js";
import { applyMigrations, pendingMigrations, readMigrations, type Migration, type MigrationTarget } from "./migrator.js";
import { DatabaseUnavailable, waitForPostgres, type StartupWait } from "./postgres-startup.js";

import { migrationsDir as defaultMigrationsDir } from "../paths.js";

export { defaultMigrationsDir };

export type DatabaseOptions =
  /**
   * A PostgreSQL server shared by any number of instances; `startup`: how long to wait for it
   * (default: one try). `migrationUrl`: another user, owner of the schema, that applies the
   * migrations, so that the `url` user needs only to read and write rows.
   */
  | { url: string; migrationUrl?: string; startup?: StartupWait }
  /** The embedded PGlite database, persisted in a folder owned by this process. */
  | { dataDir: string }
  /** A throw-away embedded database (tests, benchmarks), optionally from a `dumpDataDir` snapshot. */
  | { memory: true; snapshot?: Blob };

export interface Database {
  prisma: PrismaClient;
  /** Plain SQL straight to the same driver, for the few queries every message runs (see direct-sql.ts). */
  sql: DirectSql;
  kind: "embedded" | "postgres";
  /** Reachable, and every migration of this build applied. */
  readiness(): Promise<{ ready: boolean; pendingMigrations: string[]; error?: string }>;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase(options: DatabaseOptions, migrationsDir: string = defaultMigrationsDir): Promise<Database> {
  const migrations = readMigrations(migrationsDir);
  const opened = "url" in options ? await openPostgres(options.url, options.startup ?? { waitMs: 0 }) : await openEmbedded(options);
  try {
    if ("url" in options && options.migrationUrl) {
      const owner = await openPostgres(options.migrationUrl, options.startup ?? { waitMs: 0 }, { poolSize: 2, setting: "DATABASE_MIGRATION_URL" });
      try {
        await applyMigrationsReadably(owner.target, migrations, "DATABASE_MIGRATION_URL");
      } finally {
        await owner.close();
      }
    } else {
      await applyMigrationsReadably(opened.target, migrations, "url" in options ? "DATABASE_URL" : undefined);
    }
  } catch (error) {
    await opened.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: opened.adapter });
  return {
    prisma,
    sql: opened.sql,
    kind: opened.kind,
    async readiness() {
      try {
        const pending = await pendingMigrations(opened.target, migrations);
        return { ready: pending.length === 0, pendingMigrations: pending };
      } catch (error) {
        return { ready: false, pendingMigrations: [], error: (error as Error).message };
      }
    },
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await opened.close();
    },
  };
}

/** A user without the right to change the schema gets a sentence saying what to do, not SQLSTATE 42501. */
async function applyMigrationsReadably(target: MigrationTarget, migrations: Migration[], urlSetting: string | undefined) {
  try {
    await applyMigrations(target, migrations);
  } catch (error) {
    if (urlSetting && (error as { code?: string }).code === "42501") {
      throw new DatabaseUnavailable(
        `Cannot apply the database migrations: the user of ${urlSetting} may not change the schema (${(error as Error).message}). ` +
          "It must own the database's schema; or set DATABASE_MIGRATION_URL to such a user and keep DATABASE_URL for reading and writing rows (docs/deployment.md).",
        "configuration",
      );
    }
    throw error;
  }
}

interface OpenedDatabase {
  kind: Database["kind"];
  adapter: ConstructorParameters<typeof PrismaClient>[0] extends infer O ? (O extends { adapter?: infer A } ? A : never) : never;
  target: MigrationTarget;
  sql: DirectSql;
  close(): Promise<void>;
}

const EMBEDDED_POSTGRES_SETTINGS = "shared_buffers=16MB\nwork_mem=2MB";

async function openEmbedded(options: { dataDir: string } | { memory: true; snapshot?: Blob }): Promise<OpenedDatabase> {
  const lock = "dataDir" in options ? lockDataDir(options.dataDir) : undefined;
  let client: PGlite;
  try {
    client = new PGlite({
      ...("dataDir" in options ? { dataDir: path.join(options.dataDir, "pglite") } : {}),
      ...("snapshot" in options && options.snapshot ? { loadDataDir: options.snapshot } : {}),
      // The default 128 MB of shared buffers is sized for a server; our tables are small, and
      // 16 MB keeps the whole process near 250 MB instead of near 400.
      postgresqlconf: EMBEDDED_POSTGRES_SETTINGS,
    });
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    kind: "embedded",
    adapter: new PrismaPGlite(client),
    sql: pgliteDirectSql(client),
    target: {
      query: async (sql, params) => (await client.query(sql, params)).rows as never[],
      transaction: (work) =>
        client.transaction(async (tx) => {
          await work({
            query: async (sql, params) => (await tx.query(sql, params)).rows as never[],
            exec: async (sql) => void (await tx.exec(sql)),
          });
        }),
      withExclusiveLock: (work) => work(),
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

// Any fixed number works as long as every instance uses the same one.
const MIGRATION_LOCK_KEY = 727_001;

async function openPostgres(url: string, startup: StartupWait, options: { poolSize?: number; setting?: string } = {}): Promise<OpenedDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    await waitForPostgres(pool, url, startup, options.setting);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    kind: "postgres",
    adapter: new PrismaPg(pool),
    sql: {
      query: async (text, params) => (await pool.query(text, params)).rows,
      execute: async (text, params) => (await pool.query(text, params)).rowCount ?? 0,
    },
    target: {
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      async transaction(work) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await work({
            query: async (sql, params) => (await client.query(sql, params)).rows,
            exec: async (sql) => void (await client.query(sql)),
          });
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      async withExclusiveLock(work) {
        const client = await pool.connect();
        try {
          await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
          return await work();
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
          client.release();
        }
      },
    },
    close: () => pool.end(),
  };
}

/** The two ways to the database that repositories are handed: Prisma, and plain SQL for the hot paths. */
export type SqlDatabase = Pick<Database, "prisma" | "sql">;
