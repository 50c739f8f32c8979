import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EntryNotInContent, addPhrasing } from "../../src/knowledge/curation/content-file.js";
import { parseCsv } from "../../src/companies/csv.js";
import { vietnamToday } from "../../src/registrations/validators.js";
import { startTestApp } from "../helpers/app.js";
import { adminToken, citizenIdBornIn1995Male, registrationInput, testKeyBase64 } from "../registrations/fixtures.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ REGISTRATION_ENCRYPTION_KEY: testKeyBase64, ADMIN_API_TOKEN: adminToken });
}, 60_000);
afterAll(async () => app?.close());

async function admin(method: string, url: string, body?: unknown) {
  const response = await fetch(`${app.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response;
}

// What spreadsheets run as a formula when a cell starts with it (OWASP "CSV injection").
const formulaStart = /^[=+\-@\t\r]/;
const payloads = [
  '=HYPERLINK("http://evil.example","bấm")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1 tab",
  "\r=1+1 cr",
];

describe("formula injection in the monthly list, end to end through the admin API", () => {
  const month = vietnamToday(new Date()).slice(0, 7);

  beforeAll(async () => {
    for (const [index, payload] of payloads.entries()) {
      const submitted = await app.registrations.service.submit(
        registrationInput({ citizenId: citizenIdBornIn1995Male(), occupation: payload, consentAt: new Date() }),
        { channel: "web", userId: `formula-${index}` },
      );
      expect(submitted.kind).toBe("created");
    }
    const listed = (await (await admin("GET", "/api/admin/registrations?pageSize=50")).json()) as { rows: { id: string }[] };
    expect(listed.rows.length).toBeGreaterThanOrEqual(payloads.length);
    for (const [index, item] of listed.rows.entries()) {
      const note = payloads[index % payloads.length]!.trim();
      expect((await admin("POST", `/api/admin/registrations/${item.id}/status`, { status: "contacted", note })).status).toBe(200);
    }
  });

  it("XLSX: no cell starts with a formula character or holds a formula; the payloads are there as text", async () => {
    const response = await admin("GET", `/api/admin/registrations/monthly-list?month=${month}&province=can%20tho&format=xlsx`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const cells: ExcelJS.Cell[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
    expect(cells.filter((cell) => cell.formula !== undefined || cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
    expect(cells.map((cell) => String(cell.value ?? "")).filter((text) => formulaStart.test(text))).toEqual([]);
    const texts = cells.map((cell) => String(cell.value ?? ""));
    // XML turns a stored CR into LF: the cell still starts with the apostrophe.
    for (const payload of payloads) expect(texts).toContain(`'${payload.replace(/\r/g, "\n")}`);
    expect(texts.filter((text) => text.includes("=HYPERLINK")).length).toBeGreaterThanOrEqual(2);
  });

  it("CSV: no field starts with a formula character; the payloads are there as text", async () => {
    const response = await admin("GET", `/api/admin/registrations/monthly-list?month=${month}&province=can%20tho&format=csv`);
    expect(response.status).toBe(200);
    const fields = parseCsv(await response.text()).flatMap((record) => record.fields);
    expect(fields.filter((field) => formulaStart.test(field))).toEqual([]);
    // A line break inside a cell starts a new row for Excel where ';' separates: the formula after it is neutralised too.
    for (const payload of payloads) expect(fields).toContain(`'${payload}`.replace(/([\r\n])(?=[=+\-@])/g, "$1'"));
  });

  it("keeps the file name of the download to safe characters, whatever commune is asked for", async () => {
    for (const commune of ["../../etc/passwd", 'a"; filename="evil.exe', "xã\r\nSet-Cookie: x=1", "中文 社区", "..\\..\\boot.ini"]) {
      const response = await admin(
        "GET",
        `/api/admin/registrations/monthly-list?month=${month}&province=can%20tho&format=csv&commune=${encodeURIComponent(commune)}`,
      );
      expect([200, 400], commune).toContain(response.status);
      if (response.status === 200) {
        expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/);
        expect(response.headers.get("set-cookie")).toBeNull();
      }
    }
  });
});

describe("formula injection after a separator, for Excel where the list separator is ';' (Vietnamese Windows)", () => {
  const month = vietnamToday(new Date()).slice(0, 7);
  const afterSeparator = [
    'thợ hàn;=HYPERLINK("http://evil.example","bấm")',
    "nông dân; +1+cmd|' /C calc'!A0",
    "may mặc;-2+3+cmd|' /C calc'!A0",
    "lái xe;;@SUM(1+1)",
    "dòng một\n=1+1",
  ];

  beforeAll(async () => {
    for (const [index, payload] of afterSeparator.entries()) {
      const submitted = await app.registrations.service.submit(
        registrationInput({
          citizenId: citizenIdBornIn1995Male(),
          provinceCode: "hue",
          communeName: "Phường Hương Trà",
          occupation: payload,
          consentAt: new Date(),
        }),
        { channel: "web", userId: `separator-${index}` },
      );
      expect(submitted.kind).toBe("created");
    }
  });

  it("CSV: no cell Excel makes by splitting on ';' or a line break starts with a formula character", async () => {
    const response = await admin("GET", `/api/admin/registrations/monthly-list?month=${month}&province=hue&format=csv`);
    expect(response.status).toBe(200);
    const raw = (await response.text()).replace(/^\uFEFF/, "");
    // Excel in a ';' locale: every ';' and every line break starts a cell, quotes or not.
    const cells = raw.split(/\r\n|\r|\n/).flatMap((line) => line.split(";"));
    expect(cells.filter((cell) => /^["\s]*[=+\-@]/.test(cell))).toEqual([]);
    // Nothing is lost: the text is all there, the formula made inert.
    const fields = parseCsv(raw).flatMap((record) => record.fields);
    expect(fields).toContain(`thợ hàn;'=HYPERLINK("http://evil.example","bấm")`);
    expect(fields).toContain("lái xe;;'@SUM(1+1)");
    expect(fields).toContain("dòng một\n'=1+1");
  });

  it("XLSX: the same texts stay plain text cells, unchanged", async () => {
    const response = await admin("GET", `/api/admin/registrations/monthly-list?month=${month}&province=hue&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? "")))));
    for (const payload of afterSeparator) expect(texts).toContain(payload);
  });
});

/** A request whose path goes on the wire exactly as written (fetch would resolve `..`). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path: rawPath, method: "GET" }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("path traversal on the static routes", () => {
  const outside = ["package.json", "src/config.ts", "data/registration.key", "etc/passwd"];
  const escapes = ["../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "..%5c", "..\\", "%252e%252e%252f", "....//", "..%c0%af", ".%2e/", "%2e./"];
  const prefixes = ["/assets/", "/admin/static/", "/admin/vendor/"];

  it("never serves a file outside its folder, however the path is encoded", async () => {
    const seen: string[] = [];
    for (const prefix of prefixes) {
      for (const escape of escapes) {
        for (const depth of [1, 2, 3, 6]) {
          for (const target of outside) {
            const rawPath = `${prefix}${escape.repeat(depth)}${target}`;
            const { status, body } = await rawGet(rawPath);
            seen.push(`${status} ${rawPath}`);
            expect([400, 403, 404], rawPath).toContain(status);
            expect(body).not.toContain('"devDependencies"');
            expect(body).not.toContain("envSchema");
            expect(body).not.toContain("root:x:0:0");
          }
        }
      }
    }
    expect(seen.length).toBe(prefixes.length * escapes.length * 4 * outside.length);
  });

  it("refuses a NUL byte and absolute paths in a static path", async () => {
    for (const rawPath of [
      "/assets/%00../../package.json",
      "/assets//etc/passwd",
      "/assets/%2fetc%2fpasswd",
      "/admin/static/%00",
      "/admin/vendor/chart.umd.min.js%00.html",
    ]) {
      const { status, body } = await rawGet(rawPath);
      expect([400, 403, 404], rawPath).toContain(status);
      expect(body).not.toContain("root:x:0:0");
    }
  });

  it("still serves the files that are inside", async () => {
    expect((await rawGet("/admin/vendor/chart.umd.min.js")).status).toBe(200);
    expect((await rawGet("/admin/vendor/../vendor/chart.umd.min.js")).status).not.toBe(500);
  });
});

describe("the knowledge content writer", () => {
  it("only ever writes a YAML file of the knowledge folder: an entry id is a value, never a path", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-hostile-"));
    const knowledgeDir = path.join(root, "knowledge");
    fs.mkdirSync(knowledgeDir);
    fs.writeFileSync(path.join(knowledgeDir, "a.yaml"), "entries:\n  - id: loan-amount\n    questions: [vay bao nhiêu]\n");
    fs.writeFileSync(path.join(root, "outside.yaml"), "entries:\n  - id: outside\n    questions: [x]\n");
    try {
      for (const entryId of ["../outside", "../outside.yaml", "/etc/passwd", "..\\outside", "outside"]) {
        expect(() => addPhrasing(knowledgeDir, entryId, "câu hỏi mới")).toThrow(EntryNotInContent);
      }
      expect(fs.readFileSync(path.join(root, "outside.yaml"), "utf8")).toBe("entries:\n  - id: outside\n    questions: [x]\n");
      expect(fs.readdirSync(root).sort()).toEqual(["knowledge", "outside.yaml"]);
      expect(addPhrasing(knowledgeDir, "loan-amount", "câu hỏi mới").file).toBe("a.yaml");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
