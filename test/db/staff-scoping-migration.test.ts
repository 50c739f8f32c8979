import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/index.js";
import { defaultMigrationsDir } from "../../src/db/database.js";
import { freshDatabaseOptions, testDatabaseKind, type TestDatabase } from "../helpers/database.js";

const MIGRATION = "staff_scoping";

/** The migrations folder as it was before `name`: a copy of the earlier folders. */
function migrationsBefore(name: string): string {
  const folders = fs
    .readdirSync(defaultMigrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const target = folders.find((folder) => folder.endsWith(`_${name}`))!;
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-migrations-"));
  for (const folder of folders.filter((folder) => folder < target)) {
    fs.cpSync(path.join(defaultMigrationsDir, folder), path.join(copy, folder), { recursive: true });
  }
  return copy;
}

async function reopenableDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === "postgres") return freshDatabaseOptions();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-db-"));
  return { options: { dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

describe(`the ${MIGRATION} migration on ${testDatabaseKind}`, () => {
  let fresh: TestDatabase | undefined;
  afterEach(async () => fresh?.drop());

  it("gives earlier announcements of province staff their province, and earlier handoffs of registered people theirs", async () => {
    fresh = await reopenableDatabase();
    const earlier = migrationsBefore(MIGRATION);
    const before = await openDatabase(fresh.options, earlier);
    fs.rmSync(earlier, { recursive: true, force: true });
    const statements = `
      INSERT INTO staff_accounts (id, username, display_name, password_hash, role, province_code, updated_at)
      VALUES ('00000000-0000-4000-8000-000000000001', 'hue.officer', 'H', 'x', 'province', 'hue', now());
      INSERT INTO announcements (id, text, target, created_by, updated_at) VALUES
        ('00000000-0000-4000-8000-0000000000a1', 'Tin Huế', '{"localities":["hue"]}', 'hue.officer', now()),
        ('00000000-0000-4000-8000-0000000000a2', 'Tin chung', '{}', 'admin-api', now());
      INSERT INTO registrations (id, applicant_type, birth_year, gender, province_code, commune_key, education, desired_country,
        programme, expected_departure, loan_needed, priority_group, referral_source, channel, channel_user_id, consent_at, consent_version, updated_at)
      VALUES ('00000000-0000-4000-8000-0000000000b1', 'worker', 1995, 'male', 'hue', 'huong tra', 'upper_secondary', 'japan',
        'technical_intern', 'undecided', false, 'none', 'other', 'telegram', '42', now(), 'v1', now());
      INSERT INTO handoffs (id, channel, channel_user_id, province_code) VALUES
        ('00000000-0000-4000-8000-0000000000c1', 'telegram', '42', NULL),
        ('00000000-0000-4000-8000-0000000000c2', 'telegram', '43', 'can-tho')`;
    for (const statement of statements.split(";")) await before.prisma.$executeRawUnsafe(statement);
    await before.close();

    const after = await openDatabase(fresh.options);
    const announcements = await after.prisma.announcement.findMany({ orderBy: { id: "asc" }, select: { provinceCode: true } });
    expect(announcements).toEqual([{ provinceCode: "hue" }, { provinceCode: null }]);
    const handoffs = await after.prisma.handoff.findMany({ orderBy: { id: "asc" }, select: { provinceCode: true, communeKey: true } });
    expect(handoffs).toEqual([
      { provinceCode: "hue", communeKey: "huong tra" },
      { provinceCode: "can-tho", communeKey: null },
    ]);
    await after.close();
  });
});
