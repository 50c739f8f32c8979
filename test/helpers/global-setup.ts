import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { applyMigrations, readMigrations } from "../../src/db/migrator.js";
import { defaultMigrationsDir } from "../../src/db/database.js";
import { snapshotPath } from "./database.js";

/**
 * Creating an embedded database runs initdb (about 3 s). It is done once per test run:
 * a migrated database is dumped, and each test loads the dump (under 1 s).
 */
export default async function setup(project: TestProject) {
  const client = new PGlite();
  await applyMigrations(
    {
      query: async (sql, params) => (await client.query(sql, params)).rows as never[],
      transaction: (work) =>
        client.transaction(async (tx) =>
          work({ query: async (sql, params) => (await tx.query(sql, params)).rows as never[], exec: async (sql) => void (await tx.exec(sql)) }),
        ),
      withExclusiveLock: (work) => work(),
    },
    readMigrations(defaultMigrationsDir),
  );
  const dump = await client.dumpDataDir("none");
  await client.close();
  const file = snapshotPath();
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => fs.rmSync(file, { force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}
