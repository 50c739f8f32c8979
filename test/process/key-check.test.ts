import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { openDatabase } from "../../src/db/index.js";
import { createRegistrations, verifyRegistrationKey } from "../../src/registrations/index.js";
import { silentLogger } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { runScript } from "../helpers/processes.js";
import { registrationInput } from "../registrations/fixtures.js";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** A data folder holding one registration, sealed with `key`, and its fingerprint. */
async function dataDirUsedWith(key: Buffer): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-key-process-"));
  folders.push(dataDir);
  const database = await openDatabase({ dataDir });
  try {
    const { service } = createRegistrations({ prisma: database.prisma, sql: database.sql, key, texts, contentDir, logger: silentLogger });
    await verifyRegistrationKey({ prisma: database.prisma, key });
    await service.submit(registrationInput({ consentAt: new Date("2026-11-05T03:00:00Z") }), { channel: "web", userId: "seed" });
  } finally {
    await database.close();
  }
  return dataDir;
}

const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;

describe("a start with the wrong registration key", () => {
  it("ends the server with one clear message and the configuration exit code, without a stack trace", async () => {
    const dataDir = await dataDirUsedWith(randomBytes(32));
    const server = runScript("src/main.ts", { DATA_DIR: dataDir, PORT: "0", REGISTRATION_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    expect(await server.exited).toBe(78);
    expect(server.output()).toContain("Invalid configuration:");
    expect(server.output()).toMatch(/REGISTRATION_ENCRYPTION_KEY is not the key this database was encrypted with/);
    expect(server.output()).not.toMatch(stackTrace);
  }, 120_000);

  it("makes export:registrations say so, without a stack trace", async () => {
    const dataDir = await dataDirUsedWith(randomBytes(32));
    // No REGISTRATION_ENCRYPTION_KEY: the key file of the folder, which this data was not sealed with.
    const out = path.join(dataDir, "list.csv");
    const run = runScript("src/cli/export-registrations.ts", { DATA_DIR: dataDir, LOG_LEVEL: "warn" }, [
      "--month",
      "2026-11",
      "--province",
      "Cần Thơ",
      "--format",
      "csv",
      "--out",
      out,
    ]);
    expect(await run.exited).toBe(78);
    expect(run.output()).toMatch(/the key file .*registration\.key is not the key this database was encrypted with/);
    expect(run.output()).not.toMatch(stackTrace);
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);
});
