import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistrationInvalid, StatusChangeNotAllowed, neutraliseCell } from "../../src/registrations/index.js";
import { openTestDatabase } from "../helpers/database.js";
import { citizenIdBornIn1995Male, registrationInput, registrationsOn } from "./fixtures.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let registrations: ReturnType<typeof registrationsOn>["registrations"];
beforeAll(async () => {
  database = await openTestDatabase();
  ({ registrations } = registrationsOn(database));
});
afterAll(async () => database.dropAll());

let owners = 0;
const someone = () => ({ channel: "web", userId: `service-${++owners}` });

async function submitted(overrides: Parameters<typeof registrationInput>[0] = {}, owner = someone()) {
  const result = await registrations.service.submit(registrationInput(overrides), owner);
  if (result.kind !== "created") throw new Error("expected a new registration");
  return result.referenceCode;
}

/** Moves a registration's creation time, as if it had been made then. */
async function registeredAt(referenceCode: string, iso: string) {
  await database.prisma.registration.update({ where: { referenceCode }, data: { createdAt: new Date(iso) } });
}

describe("registration storage", () => {
  it("never stores the citizen ID or the phone in clear", async () => {
    const citizenId = citizenIdBornIn1995Male();
    const code = await submitted({ citizenId, phone: "+84987001122" });
    const [row] = await database.prisma.$queryRawUnsafe<{ text: string }[]>(
      `SELECT row_to_json(r)::text AS text FROM registrations r WHERE reference_code = $1`,
      code,
    );
    expect(row!.text).not.toContain(citizenId);
    expect(row!.text).not.toContain("987001122");
  });

  it("reads back the encrypted citizen ID and phone for staff", async () => {
    const citizenId = citizenIdBornIn1995Male();
    const code = await submitted({ citizenId, phone: "+84987001122", provinceCode: "hue", communeName: "Phường Hương Trà", communeKey: "huong tra" });
    await registeredAt(code, "2026-10-15T05:00:00Z");
    const [record] = await registrations.service.recordsForMonth({ month: "2026-10", provinceCode: "hue", commune: "phường hương trà" });
    expect(record).toMatchObject({ referenceCode: code, citizenId, phone: "+84987001122" });
  });

  it("keeps one active registration per citizen ID and reports the existing one", async () => {
    const citizenId = citizenIdBornIn1995Male();
    const owner = someone();
    const code = await submitted({ citizenId }, owner);
    const again = await registrations.service.submit(registrationInput({ citizenId }), someone());
    expect(again).toMatchObject({ kind: "duplicate", existing: { referenceCode: code, sameOwner: false } });
  });

  it("lets only one of two simultaneous registrations with one citizen ID through", async () => {
    const citizenId = citizenIdBornIn1995Male();
    const results = await Promise.all([1, 2, 3].map(() => registrations.service.submit(registrationInput({ citizenId }), someone())));
    expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "duplicate")).toHaveLength(2);
  });

  it("accepts a new registration once the earlier one was withdrawn", async () => {
    const citizenId = citizenIdBornIn1995Male();
    const owner = someone();
    const code = await submitted({ citizenId }, owner);
    expect(await registrations.service.withdraw(code, owner)).toBe(true);
    expect((await registrations.service.submit(registrationInput({ citizenId }), owner)).kind).toBe("created");
  });

  it("refuses input that breaks a rule, naming the field but not the value", async () => {
    const citizenId = citizenIdBornIn1995Male();
    const attempt = registrations.service.submit(registrationInput({ citizenId, gender: "female" }), someone());
    await expect(attempt).rejects.toThrow(RegistrationInvalid);
    await expect(attempt).rejects.not.toThrow(citizenId);
  });

  it("refuses a contract worker under 18 at the service too", async () => {
    const year = new Date().getFullYear() - 17;
    const citizenId = `0920${String(year).slice(2)}123456`;
    const input = registrationInput({ citizenId, birthDate: `${year}-01-01`, gender: "male" });
    if (year >= 2000) input.citizenId = `0922${String(year).slice(2)}123456`;
    await expect(registrations.service.submit(input, someone())).rejects.toThrow(/birthDate: tooYoung/);
  });

  it("moves a registration along its life and records who, when and why", async () => {
    const code = await submitted();
    await registrations.service.changeStatus(code, "contacted", { actor: "staff:lan", note: "đã gọi điện" });
    await registrations.service.changeStatus(code, "eligible", { actor: "staff:lan" });
    await registrations.service.changeStatus(code, "loan_applied", { actor: "staff:lan" });
    await registrations.service.changeStatus(code, "departed", { actor: "staff:minh", note: "xuất cảnh 01/12" });
    const history = await registrations.service.history(code);
    expect(history.map((e) => [e.fromStatus, e.toStatus, e.actor, e.note])).toEqual([
      [null, "submitted", "citizen:web", "registered"],
      ["submitted", "contacted", "staff:lan", "đã gọi điện"],
      ["contacted", "eligible", "staff:lan", null],
      ["eligible", "loan_applied", "staff:lan", null],
      ["loan_applied", "departed", "staff:minh", "xuất cảnh 01/12"],
    ]);
    expect(history.every((e) => e.createdAt instanceof Date)).toBe(true);
  });

  it("does not move a registration backwards or out of a closed status", async () => {
    const code = await submitted();
    await registrations.service.changeStatus(code, "eligible", { actor: "staff:lan" });
    await expect(registrations.service.changeStatus(code, "contacted", { actor: "staff:lan" })).rejects.toThrow(StatusChangeNotAllowed);
    await registrations.service.changeStatus(code, "rejected", { actor: "staff:lan" });
    await expect(registrations.service.changeStatus(code, "eligible", { actor: "staff:lan" })).rejects.toThrow(StatusChangeNotAllowed);
  });

  it("does not let a person withdraw someone else's registration", async () => {
    const code = await submitted();
    expect(await registrations.service.withdraw(code, someone())).toBe(false);
  });
});

describe("unfinished forms", () => {
  it("gives back the draft with the time it was saved, and forgets it once deleted", async () => {
    const owner = someone();
    const before = Date.now();
    await registrations.service.drafts.save(owner, { fullName: "Nguyễn Văn An", consentAt: "2026-12-01T08:00:00.000Z" });
    const draft = await registrations.service.drafts.load(owner);
    expect(draft?.answers).toEqual({ fullName: "Nguyễn Văn An", consentAt: "2026-12-01T08:00:00.000Z" });
    expect(draft!.updatedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(draft!.updatedAt.getTime()).toBeLessThanOrEqual(Date.now());
    await registrations.service.drafts.delete(owner);
    expect(await registrations.service.drafts.load(owner)).toBeUndefined();
  });

  it("reads the saved time to the millisecond as Prisma wrote it, and drops a draft past its lifetime", async () => {
    const owner = someone();
    const savedAt = new Date(Date.now() - 86_400_000 + 123);
    await database.prisma.registrationDraft.create({ data: { channel: owner.channel, userId: owner.userId, answers: { step: 1 }, updatedAt: savedAt } });
    expect((await registrations.service.drafts.load(owner))?.updatedAt).toEqual(savedAt);
    await database.prisma.registrationDraft.update({
      where: { channel_userId: owner },
      data: { updatedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect(await registrations.service.drafts.load(owner)).toBeUndefined();
    expect(await database.prisma.registrationDraft.count({ where: owner })).toBe(0);
  });
});

describe("the monthly list", () => {
  const month = "2026-09";
  let codes: string[];
  beforeAll(async () => {
    codes = [
      await submitted({
        fullName: "Trần Thị Bình",
        gender: "female",
        citizenId: `092195${String(Date.now()).slice(-6)}`,
        occupation: '=HYPERLINK("http://x")',
      }),
      await submitted({
        fullName: "Lê Văn Cường",
        desiredCountry: "korea",
        programme: "eps",
        loanNeeded: false,
        loanAmountVnd: null,
        communeName: "Phường An Hội",
        communeKey: "an hoi",
      }),
      await submitted({ fullName: "Phạm Văn Dũng" }),
      await submitted({ fullName: "Ngoài Tháng" }),
      await submitted({ fullName: "Tỉnh Khác", provinceCode: "hue" }),
    ];
    await registeredAt(codes[0]!, "2026-09-01T01:00:00Z");
    await registeredAt(codes[1]!, "2026-09-10T03:00:00Z");
    // 23:30 on 30 September in Vietnam is still September.
    await registeredAt(codes[2]!, "2026-09-30T16:30:00Z");
    // 00:30 on 1 October in Vietnam is October.
    await registeredAt(codes[3]!, "2026-09-30T17:30:00Z");
    await registeredAt(codes[4]!, "2026-09-12T03:00:00Z");
  });

  async function xlsx(query: { commune?: string } = {}) {
    const file = await registrations.exportMonthlyList({ month, province: "Sóc Trăng", format: "xlsx", ...query });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    return { file, list: workbook.getWorksheet("Danh sách")!, totals: workbook.getWorksheet("Tổng hợp")! };
  }

  it("lists the month's registrations of a province, by Vietnam calendar month, cell by cell", async () => {
    const { file, list } = await xlsx();
    expect(file.fileName).toBe("danh-sach-dang-ky-2026-09-can-tho.xlsx");
    expect(list.getCell("A1").value).toBe("DANH SÁCH NGƯỜI ĐĂNG KÝ ĐI LÀM VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG VÀ DU HỌC VỪA HỌC VỪA LÀM");
    expect(list.getCell("A2").value).toBe("Tháng 09/2026 – Thành phố Cần Thơ");
    expect(list.getRow(4).values).toEqual([
      undefined,
      "STT",
      "Họ và tên",
      "Ngày sinh",
      "Giới tính",
      "Số CCCD",
      "Địa chỉ thường trú",
      "Số điện thoại",
      "Trình độ học vấn",
      "Nghề nghiệp, kỹ năng",
      "Nước đến",
      "Chương trình",
      "Có nhu cầu vay",
      "Số tiền vay (đồng)",
      "Đối tượng ưu tiên",
      "Ngày đăng ký",
      "Ghi chú",
    ]);
    const names = [5, 6, 7].map((row) => list.getCell(row, 2).value);
    expect(names).toEqual(["Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng"]);
    expect(list.getCell(8, 2).value).toBeNull();

    const first = list.getRow(5);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(3).value).toBe("05/03/1995");
    expect(first.getCell(4).value).toBe("Nữ");
    expect(first.getCell(5).value).toMatch(/^092195\d{6}$/);
    expect(first.getCell(6).value).toBe("Xã Long Phú, Thành phố Cần Thơ");
    expect(first.getCell(7).value).toBe("0912 345 678");
    expect(first.getCell(8).value).toBe("Tốt nghiệp THPT");
    expect(first.getCell(10).value).toBe("Nhật Bản");
    expect(first.getCell(11).value).toBe("Thực tập sinh kỹ năng");
    expect(first.getCell(12).value).toBe("Có");
    expect(first.getCell(13).value).toBe(120_000_000);
    expect(first.getCell(14).value).toBe("Hộ cận nghèo");
    expect(first.getCell(15).value).toBe("01/09/2026");
    expect(first.getCell(16).value).toBe("");
    const second = list.getRow(6);
    expect(second.getCell(12).value).toBe("Không");
    expect(second.getCell(13).value).toBeNull();
    expect(list.getRow(7).getCell(15).value).toBe("30/09/2026");
  });

  it("neutralises a cell that a spreadsheet would run as a formula", async () => {
    const { list } = await xlsx();
    expect(list.getCell(5, 9).value).toBe(`'=HYPERLINK("http://x")`);
    expect(list.getCell(5, 9).formula).toBeUndefined();
    for (const dangerous of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(neutraliseCell(dangerous)).toBe(`'${dangerous}`);
    expect(neutraliseCell("Nguyễn Văn An")).toBe("Nguyễn Văn An");
  });

  it("adds totals by country and programme", async () => {
    const { totals } = await xlsx();
    expect(totals.getCell("A1").value).toBe("TỔNG HỢP THEO NƯỚC VÀ CHƯƠNG TRÌNH");
    expect(totals.getRow(2).values).toEqual([undefined, "Nước đến", "Chương trình", "Số người", "Cần vay", "Tổng tiền vay (đồng)"]);
    expect(totals.getRow(3).values).toEqual([undefined, "Hàn Quốc", "EPS (cấp phép việc làm)", 1, 0, 0]);
    expect(totals.getRow(4).values).toEqual([undefined, "Nhật Bản", "Thực tập sinh kỹ năng", 2, 2, 240_000_000]);
    expect(totals.getRow(5).values).toEqual([undefined, "Tổng cộng", "", 3, 2, 240_000_000]);
  });

  it("narrows the list to one commune, however its name is typed", async () => {
    const { list } = await xlsx({ commune: "phường an hội" });
    expect(list.getCell(5, 2).value).toBe("Lê Văn Cường");
    expect(list.getCell(6, 2).value).toBeNull();
  });

  it("leaves out withdrawn and anonymised registrations", async () => {
    const owner = someone();
    const code = await submitted({ fullName: "Sẽ Rút" }, owner);
    await registeredAt(code, "2026-09-15T03:00:00Z");
    await registrations.service.withdraw(code, owner);
    const { list } = await xlsx();
    expect([5, 6, 7, 8].map((row) => list.getCell(row, 2).value)).not.toContain("Sẽ Rút");
  });

  it("writes CSV in UTF-8 with a byte-order mark, quoted and neutralised", async () => {
    const file = await registrations.exportMonthlyList({ month, province: "can tho", format: "csv" });
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.body.subarray(3).toString("utf8");
    const lines = text.split("\r\n");
    expect(lines[2]).toBe(
      "STT,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Địa chỉ thường trú,Số điện thoại,Trình độ học vấn,Nghề nghiệp,Nước đến,Chương trình,Có nhu cầu vay,Số tiền vay (đồng),Đối tượng ưu tiên,Ngày đăng ký,Ghi chú".replace(
        "Nghề nghiệp",
        '"Nghề nghiệp, kỹ năng"',
      ),
    );
    expect(lines[3]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[3]).toContain('"Xã Long Phú, Thành phố Cần Thơ"');
    expect(text).toContain("Tổng cộng,,3,2,240000000");
  });
});
