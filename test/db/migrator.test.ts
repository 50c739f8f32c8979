import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/index.js";
import { defaultMigrationsDir } from "../../src/db/database.js";
import { freshDatabaseOptions, testDatabaseKind, type TestDatabase } from "../helpers/database.js";

function migrationFolders(): string[] {
  return fs
    .readdirSync(defaultMigrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A database that outlives its client: a data folder for PGlite, a fresh database on PostgreSQL. */
async function reopenableDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === "postgres") return freshDatabaseOptions();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-db-"));
  return { options: { dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

describe(`migrations on ${testDatabaseKind}`, () => {
  let fresh: TestDatabase | undefined;
  afterEach(async () => fresh?.drop());

  it("records each applied migration in Prisma's table with the sha256 of its file", async () => {
    fresh = await freshDatabaseOptions();
    const database = await openDatabase(fresh.options);
    const rows = await database.prisma.$queryRaw<{ migration_name: string; checksum: string; finished_at: Date | null }[]>`
      SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`;
    const names = migrationFolders();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(defaultMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
    expect(await database.readiness()).toEqual({ ready: true, pendingMigrations: [] });
    await database.close();
  });

  it("applies nothing twice when opened again", async () => {
    fresh = await reopenableDatabase();
    await (await openDatabase(fresh.options)).close();
    const again = await openDatabase(fresh.options);
    const rows = await again.prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM "_prisma_migrations"`;
    expect(Number(rows[0]!.count)).toBe(migrationFolders().length);
    await again.close();
  });

  it("refuses to start when an applied migration file was edited", async () => {
    fresh = await reopenableDatabase();
    const database = await openDatabase(fresh.options);
    await database.prisma.$executeRaw`UPDATE "_prisma_migrations" SET checksum = 'edited'`;
    await database.close();
    await expect(openDatabase(fresh.options)).rejects.toThrow(/was changed after it was applied/);
  });
});
