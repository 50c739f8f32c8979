import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database, type DatabaseOptions } from "../../src/db/index.js";

export function snapshotPath(): string {
  return path.join(os.tmpdir(), `xkld-test-db-${process.pid}.tar`);
}

/** Which database a suite runs on: PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise. */
export const testDatabaseKind = process.env.TEST_DATABASE_URL ? "postgres" : "embedded";

export interface TestDatabase {
  options: DatabaseOptions;
  drop(): Promise<void>;
}

/**
 * A fresh, empty, migrated database for one test: a new database on the PostgreSQL
 * server of TEST_DATABASE_URL, or an in-memory PGlite loaded from the run's snapshot.
 */
export async function freshDatabaseOptions(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const snapshot = new Blob([fs.readFileSync(inject("pgliteSnapshot"))]);
    return { options: { memory: true, snapshot }, drop: async () => undefined };
  }
  const name = `xkld_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    options: { url: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Opens a fresh database; call `close()` at the end of the test. */
export async function openTestDatabase(): Promise<Database & { dropAll(): Promise<void> }> {
  const fresh = await freshDatabaseOptions();
  const database = await openDatabase(fresh.options);
  return Object.assign(database, {
    async dropAll() {
      await database.close();
      await fresh.drop();
    },
  });
}
