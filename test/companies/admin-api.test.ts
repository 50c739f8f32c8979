import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let province: StaffClient;
let commune: StaffClient;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, { username: "companies.admin" });
  province = await loginAs(app, { username: "companies.province", role: "province", provinceCode: "hue" });
  commune = await loginAs(app, { username: "companies.commune", role: "commune", provinceCode: "can-tho", communeName: "Long Phú" });
});
afterAll(async () => app.close());
beforeEach(async () => {
  await app.database.prisma.licensedCompany.deleteMany();
});

const abc = { name: "Công ty TNHH ABC", licenceNumber: "123/LĐTBXH-GP", status: "licensed", address: "Hà Nội", listDate: "2025-03-05" };

async function auditActions() {
  const { body } = await admin.request("GET", "/api/admin/audit?limit=20");
  return body.events.map((event: { action: string; detail: unknown }) => ({ action: event.action, detail: event.detail }));
}

describe("companies admin API: editing", () => {
  it("creates a company with its matching key and who changed it", async () => {
    const { status, body } = await admin.request("POST", "/api/admin/companies", abc);
    expect(status).toBe(201);
    expect(body).toMatchObject({ ...abc, nameKey: "abc", note: null, updatedBy: "staff:companies.admin" });
    expect((await admin.request("GET", `/api/admin/companies/${body.id}`)).body).toEqual(body);
  });

  it("refuses a second row for the same company written differently with 409", async () => {
    const first = await admin.request("POST", "/api/admin/companies", abc);
    const { status, body } = await admin.request("POST", "/api/admin/companies", { ...abc, name: "cty cổ phần abc" });
    expect(status).toBe(409);
    expect(body.existingId).toBe(first.body.id);
  });

  it("answers 400 per field for an invalid company", async () => {
    const { status, body } = await admin.request("POST", "/api/admin/companies", { name: "Công ty TNHH", status: "suspended", listDate: "05/03/2025" });
    expect(status).toBe(400);
    expect(body.fields.map((field: { field: string }) => field.field).sort()).toEqual(["listDate", "status"]);
    const typeWordsOnly = await admin.request("POST", "/api/admin/companies", { ...abc, name: "Công ty TNHH" });
    expect(typeWordsOnly.body.fields).toEqual([{ field: "name", message: "has nothing but company-type words" }]);
  });

  it("changes a company's status and clears its licence number", async () => {
    const { body: created } = await admin.request("POST", "/api/admin/companies", abc);
    const { status, body } = await province.request("PATCH", `/api/admin/companies/${created.id}`, {
      status: "revoked",
      licenceNumber: null,
      listDate: "2025-06-01",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "revoked", licenceNumber: null, listDate: "2025-06-01", name: abc.name, updatedBy: "staff:companies.province" });
  });

  it("deletes a company, then answers 404 for it", async () => {
    const { body: created } = await admin.request("POST", "/api/admin/companies", abc);
    expect((await admin.request("DELETE", `/api/admin/companies/${created.id}`)).status).toBe(204);
    expect((await admin.request("DELETE", `/api/admin/companies/${created.id}`)).status).toBe(404);
    expect((await admin.request("GET", `/api/admin/companies/${created.id}`)).status).toBe(404);
    expect((await admin.request("PATCH", `/api/admin/companies/${created.id}`, { status: "revoked" })).status).toBe(404);
  });

  it("records every change in the audit log without the company's details", async () => {
    const { body: created } = await admin.request("POST", "/api/admin/companies", abc);
    await admin.request("PATCH", `/api/admin/companies/${created.id}`, { note: "đã gọi Sở Nội vụ" });
    await admin.request("DELETE", `/api/admin/companies/${created.id}`);
    const events = await auditActions();
    expect(events.slice(0, 3)).toEqual([
      { action: "company.delete", detail: null },
      { action: "company.update", detail: { fields: ["note"] } },
      { action: "company.create", detail: { status: "licensed" } },
    ]);
  });
});

describe("companies admin API: listing", () => {
  beforeEach(async () => {
    await admin.request("POST", "/api/admin/companies/import", {
      csv: "name,licence_number,status,list_date\nCông ty TNHH Sao Việt,11/GP,licensed,2025-03-05\nCông ty CP Hòa Bình,12/GP,revoked,2025-03-05\nSao Mai JSC,13/GP,licensed,2025-03-05",
    });
  });

  it("searches by name without diacritics or company-type words, and by licence number", async () => {
    const byName = await commune.request("GET", "/api/admin/companies?search=cty%20sao");
    expect(byName.body.companies.map((company: { name: string }) => company.name)).toEqual(["Sao Mai JSC", "Công ty TNHH Sao Việt"]);
    const byLicence = await commune.request("GET", "/api/admin/companies?search=12%2Fgp");
    expect(byLicence.body.companies.map((company: { name: string }) => company.name)).toEqual(["Công ty CP Hòa Bình"]);
  });

  it("filters by status and pages", async () => {
    const { body } = await admin.request("GET", "/api/admin/companies?status=licensed&page=2&pageSize=1");
    expect(body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(body.companies.map((company: { name: string }) => company.name)).toEqual(["Công ty TNHH Sao Việt"]);
  });
});

describe("companies admin API: roles", () => {
  it("lets commune staff read the list but not change it", async () => {
    const { body: created } = await admin.request("POST", "/api/admin/companies", abc);
    expect((await commune.request("GET", "/api/admin/companies")).status).toBe(200);
    expect((await commune.request("GET", `/api/admin/companies/${created.id}`)).status).toBe(200);
    expect((await commune.request("POST", "/api/admin/companies", { ...abc, name: "XYZ" })).status).toBe(403);
    expect((await commune.request("PATCH", `/api/admin/companies/${created.id}`, { status: "revoked" })).status).toBe(403);
    expect((await commune.request("DELETE", `/api/admin/companies/${created.id}`)).status).toBe(403);
    expect((await commune.request("POST", "/api/admin/companies/import", { csv: "name,status,list_date\nXYZ,licensed,2025-03-05" })).status).toBe(403);
    expect((await admin.request("GET", "/api/admin/companies")).body.total).toBe(1);
  });

  it("is described under the Companies tag of the OpenAPI document", async () => {
    const document = (await admin.request("GET", "/api/admin/openapi.json")).body as { paths: Record<string, Record<string, { tags: string[] }>> };
    expect(document.paths["/api/admin/companies/import"]?.post?.tags).toEqual(["Companies"]);
    expect(Object.keys(document.paths["/api/admin/companies/{id}"] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
  });

  it("asks for a login", async () => {
    expect((await fetch(`${app.baseUrl}/api/admin/companies`)).status).toBe(401);
  });
});

describe("companies admin API: CSV import", () => {
  const goodCsv =
    "\uFEFFtên;số giấy phép;trạng thái;ngày danh sách\nCông ty TNHH ABC;1/GP;được cấp phép;05/03/2025\nCông ty CP XYZ;2/GP;đã thu hồi;05/03/2025\n";

  it("previews a dry run without writing anything", async () => {
    const { status, body } = await province.request("POST", "/api/admin/companies/import", { csv: goodCsv, dryRun: true });
    expect(status).toBe(200);
    expect(body).toEqual({
      dryRun: true,
      written: false,
      counts: { created: 2, updated: 0, errors: 0 },
      lines: [
        { line: 2, outcome: "created", name: "Công ty TNHH ABC" },
        { line: 3, outcome: "created", name: "Công ty CP XYZ" },
      ],
    });
    expect((await admin.request("GET", "/api/admin/companies")).body.total).toBe(0);
  });

  it("creates new companies and updates those already on the list by name", async () => {
    await admin.request("POST", "/api/admin/companies", { ...abc, name: "cty abc", licenceNumber: "old" });
    const { status, body } = await admin.request("POST", "/api/admin/companies/import", { csv: goodCsv });
    expect(status).toBe(200);
    expect(body.written).toBe(true);
    expect(body.lines.map((line: { outcome: string }) => line.outcome)).toEqual(["updated", "created"]);
    const { body: list } = await admin.request("GET", "/api/admin/companies");
    expect(list.companies.map((company: any) => [company.name, company.licenceNumber, company.status, company.address])).toEqual([
      ["Công ty TNHH ABC", "1/GP", "licensed", "Hà Nội"],
      ["Công ty CP XYZ", "2/GP", "revoked", null],
    ]);
  });

  it("writes nothing when a line has an error, and says which line and why", async () => {
    const csv = `${goodCsv}Công ty ĐỨC AN;3/GP;tạm dừng;05/03/2025\n`;
    const { status, body } = await admin.request("POST", "/api/admin/companies/import", { csv });
    expect(status).toBe(422);
    expect(body.written).toBe(false);
    expect(body.counts).toEqual({ created: 2, updated: 0, errors: 1 });
    expect(body.lines[2]).toEqual({
      line: 4,
      outcome: "error",
      name: "Công ty ĐỨC AN",
      reason: expect.stringContaining('unknown status "tạm dừng"'),
      problem: { code: "status", params: { value: "tạm dừng" } },
    });
    expect((await admin.request("GET", "/api/admin/companies")).body.total).toBe(0);
  });

  it("writes the valid lines with skipInvalid and audits the counts only", async () => {
    const csv = `${goodCsv}Công ty ĐỨC AN;3/GP;được cấp phép;30/02/2025\n`;
    const { status, body } = await admin.request("POST", "/api/admin/companies/import", { csv, skipInvalid: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ written: true, counts: { created: 2, updated: 0, errors: 1 } });
    expect((await admin.request("GET", "/api/admin/companies")).body.total).toBe(2);
    expect((await auditActions())[0]).toEqual({ action: "companies.import", detail: { created: 2, updated: 0, errors: 1, written: true, skipInvalid: true } });
  });

  it("answers 400 for a file it cannot read as a whole", async () => {
    const unknownColumn = await admin.request("POST", "/api/admin/companies/import", { csv: "name,status,list_date,fax\nABC,licensed,2025-03-05,1" });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.fields).toEqual([
      { field: "csv", message: 'unknown column "fax" in the header', problem: { code: "unknownColumn", params: { column: "fax" } } },
    ]);
    const unclosedQuote = await admin.request("POST", "/api/admin/companies/import", { csv: 'name,status,list_date\n"ABC,licensed,2025-03-05' });
    expect(unclosedQuote.body.fields).toEqual([
      { field: "csv", message: "line 2: a quoted field is not closed", problem: { code: "syntax", params: { line: 2 } } },
    ]);
  });

  it("accepts a file of 5,000 rows, larger than the server's usual body limit, and refuses one more row", async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `"Công ty TNHH Xuất khẩu lao động số ${i}","${i}/GP",được cấp phép,05/03/2025,"Số ${i}, đường Láng Hạ, phường Láng, thành phố Hà Nội"`,
    );
    const csv = ["tên,số giấy phép,trạng thái,ngày danh sách,địa chỉ", ...rows].join("\n");
    const preview = await admin.request("POST", "/api/admin/companies/import", { csv, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.counts.created).toBe(5000);
    const tooMany = await admin.request("POST", "/api/admin/companies/import", { csv: `${csv}\nMột công ty nữa,9/GP,licensed,2025-03-05,`, dryRun: true });
    expect(tooMany.status).toBe(400);
  });
});
