import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseUnavailable, openDatabase } from "../../src/db/index.js";
import { startTestApp } from "../helpers/app.js";
import { projectRoot } from "../helpers/processes.js";
import { staffPassword } from "../helpers/staff.js";
import { registrationInput } from "../registrations/fixtures.js";

const serverUrl = process.env.TEST_DATABASE_URL;
const suffix = randomBytes(4).toString("hex");
const names = { xkld_owner: `xkld_owner_${suffix}`, xkld_app: `xkld_app_${suffix}`, xkld: `xkld_lp_${suffix}` };

/** deploy/postgres-setup.sql with this test's own names, split where it connects to the new database. */
function setupScript(): { onServer: string; inDatabase: string } {
  const script = fs
    .readFileSync(path.join(projectRoot, "deploy", "postgres-setup.sql"), "utf8")
    .replace(/\b(xkld_owner|xkld_app|xkld)\b/g, (name) => names[name as keyof typeof names]);
  const [onServer, inDatabase] = script.split(/^\\connect .*$/m);
  return { onServer: onServer!, inDatabase: inDatabase! };
}

function urlFor(user: string): string {
  const url = new URL(serverUrl!);
  url.username = user;
  url.pathname = `/${names.xkld}`;
  return url.toString();
}

/** Runs statements one by one, as psql does (CREATE DATABASE may not run in a transaction). */
async function run(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const statements = sql
      .replace(/--.*$/gm, "")
      .split(/;\s*$/m)
      .map((statement) => statement.trim())
      .filter(Boolean);
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)("the least-privilege setup of docs/deployment.md (skipped without TEST_DATABASE_URL)", () => {
  beforeAll(async () => {
    const { onServer, inDatabase } = setupScript();
    await run(serverUrl!, onServer);
    const database = new URL(serverUrl!);
    database.pathname = `/${names.xkld}`;
    await run(database.toString(), inDatabase);
  });
  afterAll(async () => {
    await run(serverUrl!, `DROP DATABASE IF EXISTS ${names.xkld} WITH (FORCE)`);
    await run(serverUrl!, `DROP ROLE IF EXISTS ${names.xkld_app};\nDROP ROLE IF EXISTS ${names.xkld_owner};`);
  });

  it("refuses to migrate as the app's user, saying to use DATABASE_MIGRATION_URL", async () => {
    const opening = openDatabase({ url: urlFor(names.xkld_app) });
    await expect(opening).rejects.toBeInstanceOf(DatabaseUnavailable);
    await expect(opening).rejects.toThrow(/may not change the schema .*DATABASE_MIGRATION_URL/);
  });

  it("runs the whole app with row rights only once the owner has migrated", async () => {
    const app = await startTestApp(
      { REGISTRATION_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
      { url: urlFor(names.xkld_app), migrationUrl: urlFor(names.xkld_owner) },
    );
    try {
      expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
      expect((await app.registrations.service.submit(registrationInput(), { channel: "web", userId: "least-privilege" })).kind).toBe("created");
      await app.staff.accounts.create({ username: "lp.admin", displayName: "A", password: staffPassword, role: "admin" });
      const login = await fetch(`${app.baseUrl}/api/admin/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "lp.admin", password: staffPassword }),
      });
      expect(login.status).toBe(200);
      const chat = await fetch(`${app.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(chat.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("gives the app's user no right to change or drop tables", async () => {
    for (const statement of [
      "CREATE TABLE intruder (id int)",
      "DROP TABLE registrations",
      "ALTER TABLE registrations ADD COLUMN x int",
      "TRUNCATE audit_events",
    ]) {
      await expect(run(urlFor(names.xkld_app), statement), statement).rejects.toMatchObject({ code: "42501" });
    }
  });
});
