import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { openDatabase } from "../../src/db/index.js";
import { createRegistrations, loadOrCreateKeyFile } from "../../src/registrations/index.js";
import { silentLogger } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { runScript } from "../helpers/processes.js";
import { registrationInput } from "../registrations/fixtures.js";
import { documentXml, paragraphs, rowOf, sheets, tableNamed, tables, vietnameseNumber } from "../reports/read-documents.js";

/** A data folder, as the server leaves it, with two Huế registrations of 2026 and a departure. */
async function dataDirWithOutcomes(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-report-"));
  const database = await openDatabase({ dataDir });
  try {
    const { service, outcomes } = createRegistrations({
      prisma: database.prisma,
      sql: database.sql,
      key: loadOrCreateKeyFile(dataDir),
      texts,
      contentDir,
      logger: silentLogger,
    });
    for (const [index, communeName, communeKey] of [
      [1, "Phường Hương Trà", "huong tra"],
      [2, "Phường Kim Trà", "kim tra"],
    ] as const) {
      const result = await service.submit(registrationInput({ provinceCode: "hue", communeName, communeKey }), { channel: "web", userId: `cli-${index}` });
      if (result.kind !== "created") throw new Error("seed failed");
      const { id } = await database.prisma.registration.update({
        where: { referenceCode: result.referenceCode },
        data: { createdAt: new Date("2026-03-05T03:00:00Z") },
      });
      if (index === 1) {
        const departed = await outcomes.record(id, { kind: "departed", occurredOn: "2026-05-20", country: "japan" }, { scope: {}, actor: "staff:cli" });
        if (departed.kind !== "recorded") throw new Error("seed failed");
      }
    }
  } finally {
    await database.close();
  }
  return dataDir;
}

// The CLI opens the embedded database of DATA_DIR by design (the postgres project skips test/cli).
// Each case starts a database and a process: slow on a busy machine, not a speed target.
describe("npm run report", { timeout: 120_000 }, () => {
  it("writes a plan's half-year report as DOCX, with the body and recipient given", async () => {
    const dataDir = await dataDirWithOutcomes();
    const out = path.join(dataDir, "bao-cao.docx");
    const run = runScript("src/cli/report.ts", { DATA_DIR: dataDir, LOG_LEVEL: "warn" }, [
      "--plan",
      "kh2740-huong-tra",
      "--period",
      "2026-H1",
      "--format",
      "docx",
      "--out",
      out,
      "--reporting-body",
      "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ",
      "--reporting-body",
      "SỞ NỘI VỤ",
      "--recipient",
      "Ủy ban nhân dân thành phố Huế",
    ]);
    expect(await run.exited, run.output()).toBe(0);
    expect(run.output()).toContain("(2 registered, 1 departed, counted until 2026-06-30)");
    const xml = await documentXml(fs.readFileSync(out));
    const summary = tableNamed(tables(xml), "Bảng 1.");
    expect(rowOf(summary, "Số người đăng ký", 1).slice(3).map(vietnameseNumber)).toEqual([2, 0, 2]);
    expect(rowOf(summary, "Số người đã xuất cảnh", 1).slice(3).map(vietnameseNumber)).toEqual([1, 0, 1]);
    expect(paragraphs(xml)).toContain("Kính gửi: Ủy ban nhân dân thành phố Huế.");
  });

  it("writes a commune's own report as XLSX", async () => {
    const dataDir = await dataDirWithOutcomes();
    const out = path.join(dataDir, "bao-cao.xlsx");
    const run = runScript("src/cli/report.ts", { DATA_DIR: dataDir }, [
      "--plan",
      "kh2740-huong-tra",
      "--period",
      "2026",
      "--format",
      "xlsx",
      "--out",
      out,
      "--commune",
      "phường Kim Trà",
    ]);
    expect(await run.exited, run.output()).toBe(0);
    const workbook = await sheets(fs.readFileSync(out));
    expect(rowOf(workbook.get("Kết quả chung")!, "Số người đăng ký", 1).slice(3)).toEqual([1, 0, 1]);
    expect(rowOf(workbook.get("Kết quả chung")!, "Số người đã xuất cảnh", 1).slice(3)).toEqual([0, 0, 0]);
    expect(workbook.get("Thông tin")!.rows).toContainEqual(["Địa bàn", "Phường Kim Trà"]);
  });

  it("explains bad arguments and exits with 64", async () => {
    const run = runScript("src/cli/report.ts", { DATA_DIR: os.tmpdir() }, ["--period", "2026-Q1", "--format", "pdf"]);
    expect(await run.exited).toBe(64);
    expect(run.output()).toContain("--plan is required");
    expect(run.output()).toContain("--period must be a half-year (2026-H1), a year (2026) or a month (2026-11)");
    expect(run.output()).toContain("--format must be docx or xlsx");
    const unknown = runScript("src/cli/report.ts", { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "xkld-report-")) }, [
      "--plan",
      "no-such-plan",
      "--period",
      "2026",
    ]);
    expect(await unknown.exited).toBe(64);
    expect(unknown.output()).toContain('--plan: "no-such-plan" is not a plan');
  });
});
