import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseOptions } from "../../src/db/index.js";
import { RegistrationKeyMismatch } from "../../src/registrations/index.js";
import { startTestApp } from "../helpers/app.js";
import { freshDatabaseOptions, testDatabaseKind } from "../helpers/database.js";
import { registrationInput } from "./fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A database that outlives one application: a data folder, or a fresh PostgreSQL database. */
async function durableDatabase(): Promise<DatabaseOptions> {
  if (testDatabaseKind === "postgres") {
    const fresh = await freshDatabaseOptions();
    cleanups.push(() => fresh.drop());
    return fresh.options;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-key-"));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { dataDir };
}

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

describe(`the registration key fingerprint on ${testDatabaseKind}`, () => {
  it("refuses to start with another key than the one the database was first used with", async () => {
    const database = await durableDatabase();
    const first = await startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyA }, database);
    await first.close();

    const refused = startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyB }, database);
    await expect(refused).rejects.toBeInstanceOf(RegistrationKeyMismatch);
    await expect(refused).rejects.toThrow(/REGISTRATION_ENCRYPTION_KEY is not the key this database was encrypted with/);

    const again = await startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyA }, database);
    await again.close();
  }, 120_000);

  it("checks a database used before fingerprints existed against the data it holds, then records the key", async () => {
    const database = await durableDatabase();
    const first = await startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyA }, database);
    const saved = await first.registrations.service.submit(registrationInput(), { channel: "web", userId: "key-check" });
    expect(saved.kind).toBe("created");
    // As an older version left it: data, and no fingerprint.
    await first.database.prisma.$executeRawUnsafe(`DELETE FROM "registration_key_fingerprints"`);
    await first.close();

    await expect(startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyB }, database)).rejects.toBeInstanceOf(RegistrationKeyMismatch);
    const right = await startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyA }, database);
    expect(await right.database.prisma.registrationKeyFingerprint.count()).toBe(1);
    await right.close();
    await expect(startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyB }, database)).rejects.toBeInstanceOf(RegistrationKeyMismatch);
  }, 120_000);

  it("stores a fingerprint that reveals nothing of the key", async () => {
    const database = await durableDatabase();
    const app = await startTestApp({ REGISTRATION_ENCRYPTION_KEY: keyA }, database);
    const rows = await app.database.prisma.registrationKeyFingerprint.findMany();
    await app.close();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    const key = Buffer.from(keyA, "base64");
    for (const form of [keyA, key.toString("hex"), key.toString("base64url")]) expect(stored).not.toContain(form);
  }, 120_000);
});
