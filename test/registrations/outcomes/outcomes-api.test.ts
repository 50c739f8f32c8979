import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistrationInput } from "../../../src/registrations/index.js";
import { startTestApp } from "../../helpers/app.js";
import { loginAs, type StaffClient } from "../../helpers/staff.js";
import { registrationInput } from "../fixtures.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let longPhuOfficer: StaffClient;
let hueClerk: StaffClient;
let owners = 0;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, { username: "outcomes.admin" });
  longPhuOfficer = await loginAs(app, { username: "outcomes.longphu", role: "commune", provinceCode: "can-tho", communeName: "Xã Long Phú" });
  hueClerk = await loginAs(app, { username: "outcomes.hue", role: "province", provinceCode: "hue" });
});
afterAll(async () => app?.close());

/** A new registration (Long Phú, Cần Thơ, unless told otherwise): its id and reference code. */
async function registration(overrides: Partial<RegistrationInput> = {}) {
  const result = await app.registrations.service.submit(registrationInput(overrides), { channel: "web", userId: `outcomes-${++owners}` });
  if (result.kind !== "created") throw new Error("expected a new registration");
  const { id } = await app.database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: result.referenceCode } });
  return { id, referenceCode: result.referenceCode };
}

const record = (client: StaffClient, id: string, body: Record<string, unknown>) => client.request("POST", `/api/admin/registrations/${id}/outcomes`, body);
const applied = { kind: "loan_applied", occurredOn: "2026-10-02", amountVnd: 100_000_000, loanProgramme: "local" };

describe("recording an outcome", () => {
  it("stores it, writes the registration's history, moves the status on and audits it", async () => {
    const { id } = await registration();
    const response = await record(longPhuOfficer, id, { ...applied, note: "hồ sơ nộp tại điểm giao dịch xã" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: "loan_applied", current: { loans: [{ programme: "local", stage: "applied", appliedVnd: 100_000_000 }] } });
    const detail = await longPhuOfficer.request("GET", `/api/admin/registrations/${id}`);
    expect(detail.body.history.at(-1)).toMatchObject({
      actor: "staff:outcomes.longphu",
      fromStatus: "submitted",
      toStatus: "loan_applied",
      note: "Kết quả: nộp hồ sơ vay 100.000.000 đ (Vay từ ngân sách địa phương), ngày 02/10/2026 – hồ sơ nộp tại điểm giao dịch xã",
    });
    const audit = await app.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "registration.outcome.record", targetId: id } });
    expect(audit).toMatchObject({
      actor: "staff:outcomes.longphu",
      targetType: "registration",
      detail: { kind: "loan_applied", outcomeId: response.body.outcomeId },
    });
    expect(JSON.stringify(audit.detail)).not.toMatch(/100000000|Nguyễn|\+84/);
  });

  it("answers 404 to a commune officer for a registration of another commune, and to another province's staff", async () => {
    const { id } = await registration({ communeName: "Phường Ninh Kiều", communeKey: "ninh kieu" });
    expect((await record(longPhuOfficer, id, applied)).status).toBe(404);
    expect((await hueClerk.request("GET", `/api/admin/registrations/${id}/outcomes`)).status).toBe(404);
    expect((await record(hueClerk, id, applied)).status).toBe(404);
    expect(await app.database.prisma.registrationOutcome.count({ where: { registrationId: id } })).toBe(0);
    expect((await record(admin, id, applied)).status).toBe(201);
  });

  it("refuses an outcome out of order, saying why in Vietnamese", async () => {
    const { id } = await registration();
    await record(admin, id, applied);
    const early = await record(admin, id, { kind: "loan_disbursed", occurredOn: "2026-10-05", amountVnd: 50_000_000 });
    expect(early.status).toBe(422);
    expect(early.body.problems).toEqual([{ code: "loanNotApproved", message: "Khoản vay chưa được duyệt nên chưa thể giải ngân." }]);
    expect((await record(admin, id, { kind: "loan_approved", occurredOn: "2026-10-09", amountVnd: 90_000_000 })).status).toBe(201);
    const tooMuch = await record(admin, id, { kind: "loan_disbursed", occurredOn: "2026-10-12", amountVnd: 95_000_000 });
    expect(tooMuch.body.problems[0]).toEqual({
      code: "loanDisbursedAboveApproved",
      message: "Tổng số tiền giải ngân vượt số tiền được duyệt (90.000.000 đ; đã giải ngân trước đó 0 đ).",
    });
    const future = await record(admin, id, { kind: "loan_disbursed", occurredOn: "2099-01-01", amountVnd: 10_000_000 });
    expect(future.body.problems.map((problem: { code: string }) => problem.code)).toEqual(["dateFuture"]);
  });

  it("refuses a malformed outcome field by field", async () => {
    const { id } = await registration();
    const response = await record(admin, id, { kind: "loan_applied", occurredOn: "02/10/2026", loanProgramme: "bank" });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(["amountVnd", "loanProgramme", "occurredOn"]);
  });

  it("keeps a departure's company as the licensed list names it", async () => {
    const company = await admin.request("POST", "/api/admin/companies", {
      name: "Công ty Cổ phần Nhân lực Quốc tế Sông Hậu",
      status: "licensed",
      listDate: "2026-01-15",
    });
    expect(company.status).toBe(201);
    const { id } = await registration();
    const response = await record(admin, id, {
      kind: "departed",
      occurredOn: "2026-11-02",
      country: "japan",
      programme: "technical_intern",
      companyName: "nhân lực quốc tế sông hậu",
    });
    expect(response.status).toBe(201);
    expect(response.body.outcomes[0]).toMatchObject({ companyId: company.body.id, companyName: "Công ty Cổ phần Nhân lực Quốc tế Sông Hậu" });
    expect(response.body.status).toBe("departed");
  });

  it("tells the person in plain words where their registration stands", async () => {
    const { id, referenceCode } = await registration();
    await record(admin, id, { kind: "loan_applied", occurredOn: "2026-09-01", amountVnd: 80_000_000, loanProgramme: "eps_deposit" });
    await record(admin, id, { kind: "loan_approved", occurredOn: "2026-09-08" });
    const response = await record(admin, id, { kind: "loan_disbursed", occurredOn: "2026-09-12", amountVnd: 80_000_000 });
    expect(response.body.citizenStatus).toEqual(["Khoản vay (Vay ký quỹ đi Hàn Quốc (EPS)) đã giải ngân 80.000.000 đ, lần gần nhất ngày 12/09/2026."]);
    await record(admin, id, { kind: "departed", occurredOn: "2026-10-20", country: "korea" });
    expect(await app.registrations.outcomes.citizenStatus(referenceCode, "en")).toEqual([
      "Your loan (Loan for the EPS deposit (Korea)) has been paid out, 80.000.000 đ so far, last on 12/09/2026.",
      "Your departure to South Korea on 20/10/2026 is recorded. Work safely; message us if you need help.",
    ]);
  });

  it("refuses outcomes for a registration whose person erased their data", async () => {
    const { id } = await registration();
    const { channel, channelUserId } = await app.database.prisma.registration.findUniqueOrThrow({ where: { id } });
    await app.registrations.service.erasePersonalData({ channel, userId: channelUserId! });
    expect((await record(admin, id, applied)).status).toBe(409);
  });
});

describe("cancelling an outcome", () => {
  it("cancels a mistake by a retraction, never by changing the row, unless a later outcome depends on it", async () => {
    const { id } = await registration();
    await record(admin, id, applied);
    const approval = await record(admin, id, { kind: "loan_approved", occurredOn: "2026-10-09" });
    const payment = await record(admin, id, { kind: "loan_disbursed", occurredOn: "2026-10-12", amountVnd: 100_000_000 });
    const blocked = await admin.request("POST", `/api/admin/registrations/${id}/outcomes/${approval.body.outcomeId}/retract`, {});
    expect(blocked.status).toBe(422);
    expect(blocked.body.problems[0].code).toBe("loanNotApproved");
    const retracted = await admin.request("POST", `/api/admin/registrations/${id}/outcomes/${payment.body.outcomeId}/retract`, { note: "ngân hàng báo nhầm" });
    expect(retracted.status).toBe(200);
    expect(retracted.body.current.loans[0]).toMatchObject({ stage: "approved", disbursedVnd: 0 });
    expect(retracted.body.outcomes.find((outcome: { id: number }) => outcome.id === payment.body.outcomeId)).toMatchObject({ retracted: true });
    expect((await admin.request("POST", `/api/admin/registrations/${id}/outcomes/${payment.body.outcomeId}/retract`, {})).body.problems[0].code).toBe(
      "retractAlready",
    );
    expect(await app.database.prisma.auditEvent.count({ where: { action: "registration.outcome.retract", targetId: id } })).toBe(1);
  });

  it("is append-only in the database itself", async () => {
    const { id } = await registration();
    const { body } = await record(admin, id, applied);
    await expect(app.database.prisma.registrationOutcome.update({ where: { id: body.outcomeId }, data: { amountVnd: 1n } })).rejects.toThrow(/append-only/);
  });
});

describe("importing a partner's file", () => {
  const header = "STT;Mã đăng ký;Họ và tên;Kết quả;Ngày;Số tiền;Chương trình vay;Nguồn vốn;Ghi chú";
  const csv = (...lines: string[]) => `\uFEFF${[header, ...lines].join("\r\n")}\r\n`;
  const importFile = (client: StaffClient, text: string, dryRun: boolean) => client.request("POST", "/api/admin/outcomes/import", { csv: text, dryRun });

  it("checks every line first, says each line's problem in Vietnamese, and writes nothing", async () => {
    const first = await registration();
    const second = await registration();
    const file = csv(
      `1;${first.referenceCode.toLowerCase()};Nguyễn Văn An;Nộp hồ sơ vay;05/10/2026;100.000.000;NĐ 338;;`,
      `2;${first.referenceCode};Nguyễn Văn An;Duyệt vay;12/10/2026;;;;`,
      `3;DK-ZZZZZZ;Trần Thị Bình;Giải ngân;15/10/2026;50 triệu;;trung ương;`,
      `4;${second.referenceCode};Lê Văn Cường;Giải ngân;15/10/2026;50.000.000;;;`,
      `5;${second.referenceCode};Lê Văn Cường;Nộp hồ sơ vay;31/02/2026;abc;NĐ 338;;`,
      `6;${first.referenceCode};Nguyễn Văn An;Cho vay thêm;15/10/2026;1;;;`,
    );
    const { status, body } = await importFile(admin, file, true);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, written: false, counts: { record: 2, alreadyRecorded: 0, errors: 4 } });
    const problems = Object.fromEntries(
      body.lines
        .filter((line: { outcome: string }) => line.outcome === "error")
        .map((line: { line: number; problems: { message: string }[] }) => [line.line, line.problems.map((problem) => problem.message)]),
    );
    expect(problems).toEqual({
      4: ["Không tìm thấy đăng ký mã DK-ZZZZZZ (hoặc đăng ký không thuộc địa bàn của bạn)."],
      5: ["Khoản vay chưa được duyệt nên chưa thể giải ngân."],
      6: ['Ngày "31/02/2026" không đúng (ghi dd/mm/yyyy).', 'Số tiền "abc" không đọc được (ví dụ: 100.000.000 hoặc 100 triệu).'],
      7: ['Không hiểu loại kết quả "Cho vay thêm" (ví dụ: nộp hồ sơ vay, duyệt vay, từ chối vay, giải ngân, hỗ trợ chi phí, xuất cảnh, về nước).'],
    });
    expect(body.lines[1]).toMatchObject({
      line: 3,
      outcome: "record",
      referenceCode: first.referenceCode,
      description: "Kết quả: được duyệt vay 100.000.000 đ (Vay theo Nghị định 338/2025/NĐ-CP), ngày 12/10/2026",
    });
    expect(await app.database.prisma.registrationOutcome.count({ where: { registrationId: { in: [first.id, second.id] } } })).toBe(0);
    // Applied with errors: all or nothing.
    const refused = await importFile(admin, file, false);
    expect(refused.status).toBe(422);
    expect(refused.body.written).toBe(false);
    expect(await app.database.prisma.registrationOutcome.count({ where: { registrationId: { in: [first.id, second.id] } } })).toBe(0);
  });

  it("writes a clean file whole, in the history, never the names it carries; a second time changes nothing", async () => {
    const person = await registration();
    const file = csv(
      `1;${person.referenceCode};Phạm Thị Dung;Giải ngân;20/10/2026;60.000.000;;địa phương;đợt 1`,
      `2;${person.referenceCode};Phạm Thị Dung;Được duyệt;12/10/2026;60.000.000;NĐ 338;;`,
      `3;${person.referenceCode};Phạm Thị Dung;Nộp hồ sơ vay;05/10/2026;60 triệu;NĐ 338;;`,
    );
    const applied = await importFile(admin, file, false);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ written: true, counts: { record: 3, errors: 0 } });
    const view = await admin.request("GET", `/api/admin/registrations/${person.id}/outcomes`);
    expect(view.body.current.loans).toEqual([
      expect.objectContaining({ programme: "national", stage: "disbursed", disbursedVnd: 60_000_000, disbursedByLine: { central: 0, local: 60_000_000 } }),
    ]);
    const history = await app.database.prisma.registrationEvent.findMany({ where: { registrationId: person.id }, orderBy: { id: "asc" } });
    // In the order things happened, though the bank listed them the other way round.
    expect(history.map((event) => event.note).slice(1)).toEqual([
      "Kết quả: nộp hồ sơ vay 60.000.000 đ (Vay theo Nghị định 338/2025/NĐ-CP), ngày 05/10/2026 (nhập từ tệp)",
      "Kết quả: được duyệt vay 60.000.000 đ (Vay theo Nghị định 338/2025/NĐ-CP), ngày 12/10/2026 (nhập từ tệp)",
      "Kết quả: giải ngân 60.000.000 đ (Vay theo Nghị định 338/2025/NĐ-CP; Vốn ngân sách địa phương), ngày 20/10/2026 (nhập từ tệp) – đợt 1",
    ]);
    const stored = JSON.stringify(await app.database.prisma.registrationOutcome.findMany({ where: { registrationId: person.id } }), (_, value) =>
      typeof value === "bigint" ? Number(value) : value,
    );
    expect(stored).not.toContain("Phạm Thị Dung");
    const again = await importFile(admin, file, false);
    expect(again.body).toMatchObject({ written: false, counts: { record: 0, alreadyRecorded: 3, errors: 0 } });
    expect(await app.database.prisma.registrationOutcome.count({ where: { registrationId: person.id } })).toBe(3);
    const audit = await app.database.prisma.auditEvent.findMany({ where: { action: "registrations.outcomes.import" }, orderBy: { id: "asc" } });
    expect(audit.at(-2)?.detail).toEqual({ record: 3, alreadyRecorded: 0, errors: 0, written: true });
  });

  it("lets a commune officer import only their commune's lines", async () => {
    const own = await registration();
    const other = await registration({ communeName: "Phường Ninh Kiều", communeKey: "ninh kieu" });
    const file = csv(
      `1;${own.referenceCode};;Nộp hồ sơ vay;05/10/2026;50.000.000;ngân sách địa phương;;`,
      `2;${other.referenceCode};;Nộp hồ sơ vay;05/10/2026;50.000.000;ngân sách địa phương;;`,
    );
    const { body } = await importFile(longPhuOfficer, file, true);
    expect(body.lines.map((line: { outcome: string }) => line.outcome)).toEqual(["record", "error"]);
    expect(body.lines[1].problems[0].code).toBe("import.referenceUnknown");
  });

  it("refuses a file it cannot read, saying why", async () => {
    const unknownColumn = await importFile(admin, "Mã đăng ký,Kết quả,Ngày,Số tiền vay mượn\r\nDK-ABCDEF,giải ngân,01/10/2026,1\r\n", true);
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.fields[0].message).toBe('Không hiểu cột "Số tiền vay mượn" ở dòng tiêu đề.');
    const noDate = await importFile(admin, "Mã đăng ký,Kết quả\r\nDK-ABCDEF,giải ngân\r\n", true);
    expect(noDate.body.fields[0].message).toBe("Dòng tiêu đề thiếu cột Ngày.");
  });
});

describe("the API description", () => {
  it("documents the outcome and report routes", async () => {
    // The document is for staff only: it maps every route.
    const document = (await admin.request("GET", "/api/admin/openapi.json")).body as { paths: Record<string, any> };
    expect(document.paths["/api/admin/registrations/{id}/outcomes"]?.post?.requestBody).toBeDefined();
    expect(document.paths["/api/admin/outcomes/import"]?.post?.description).toContain("mã đăng ký");
    expect(document.paths["/api/admin/reports/documents"]?.post?.requestBody).toBeDefined();
    expect(document.paths["/api/admin/reports/dashboard"]?.get).toBeDefined();
  });
});
