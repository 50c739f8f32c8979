import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { openDatabase } from "../../src/db/index.js";
import { createRegistrations, loadOrCreateKeyFile } from "../../src/registrations/index.js";
import { silentLogger } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { testDatabaseKind } from "../helpers/database.js";
import { runScript } from "../helpers/processes.js";
import { registrationInput } from "./fixtures.js";

/** A data folder with one registration made in November 2026, as the server would leave it. */
async function dataDirWithOneRegistration(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-export-"));
  const database = await openDatabase({ dataDir });
  try {
    const { service } = createRegistrations({
      prisma: database.prisma,
      sql: database.sql,
      key: loadOrCreateKeyFile(dataDir),
      texts,
      contentDir,
      logger: silentLogger,
    });
    const result = await service.submit(registrationInput({ fullName: "Nguyễn Thị Hoa", gender: "female", citizenId: "092195000111" }), {
      channel: "web",
      userId: "cli-seed",
    });
    if (result.kind !== "created") throw new Error("seed failed");
    await database.prisma.registration.update({ where: { referenceCode: result.referenceCode }, data: { createdAt: new Date("2026-11-05T03:00:00Z") } });
  } finally {
    await database.close();
  }
  return dataDir;
}

// The CLI opens the embedded database of DATA_DIR by design; the PostgreSQL run has nothing to add.
describe.skipIf(testDatabaseKind === "postgres")("npm run export:registrations", () => {
  it("writes the month's list as XLSX, readable by its owner only", async () => {
    const dataDir = await dataDirWithOneRegistration();
    const out = path.join(dataDir, "list.xlsx");
    const run = runScript("src/cli/export-registrations.ts", { DATA_DIR: dataDir, LOG_LEVEL: "warn" }, [
      "--month",
      "2026-11",
      "--province",
      "Sóc Trăng",
      "--commune",
      "xã Long Phú",
      "--format",
      "xlsx",
      "--out",
      out,
    ]);
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain("(1 registrations)");
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet("Danh sách")!;
    expect(sheet.getCell("B5").value).toBe("Nguyễn Thị Hoa");
    expect(sheet.getCell("E5").value).toBe("092195000111");
  });

  it("writes CSV with a byte-order mark", async () => {
    const dataDir = await dataDirWithOneRegistration();
    const out = path.join(dataDir, "list.csv");
    const run = runScript("src/cli/export-registrations.ts", { DATA_DIR: dataDir }, [
      "--month",
      "2026-11",
      "--province",
      "can tho",
      "--format",
      "csv",
      "--out",
      out,
    ]);
    expect(await run.exited, run.output()).toBe(0);
    const body = fs.readFileSync(out);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString("utf8")).toContain("Nguyễn Thị Hoa");
  });

  it("explains a bad argument and exits with 64", async () => {
    const run = runScript("src/cli/export-registrations.ts", { DATA_DIR: os.tmpdir() }, ["--month", "11/2026", "--format", "pdf"]);
    expect(await run.exited).toBe(64);
    expect(run.output()).toContain("--month must be YYYY-MM");
    expect(run.output()).toContain("--province is required");
    expect(run.output()).toContain("--format must be xlsx or csv");
  });
});
