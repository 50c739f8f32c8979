import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistrationInput } from "../../src/registrations/index.js";
import { startTestApp } from "../helpers/app.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";
import { registrationInput } from "./fixtures.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let longPhuClerk: StaffClient;
let hueClerk: StaffClient;

/** A citizen ID agreeing with a birth date and gender (century/gender digit, then the year). */
function citizenIdFor(birthDate: string, gender: "male" | "female"): string {
  const year = Number(birthDate.slice(0, 4));
  const digit = (year >= 2000 ? 2 : 0) + (gender === "female" ? 1 : 0);
  return `079${digit}${birthDate.slice(2, 4)}${String(randomInt(1_000_000)).padStart(6, "0")}`;
}

let owners = 0;
async function registered(overrides: Partial<RegistrationInput>, createdAt = "2026-10-15T05:00:00Z") {
  const input = registrationInput(overrides);
  const citizenId = overrides.citizenId ?? citizenIdFor(input.birthDate, input.gender);
  const owner = { channel: "web", userId: `console-${++owners}` };
  const result = await app.registrations.service.submit({ ...input, citizenId }, owner);
  if (result.kind !== "created") throw new Error("expected a new registration");
  const row = await app.database.prisma.registration.update({ where: { referenceCode: result.referenceCode }, data: { createdAt: new Date(createdAt) } });
  return { id: row.id, referenceCode: result.referenceCode, citizenId, phone: input.phone, owner };
}

let an: Awaited<ReturnType<typeof registered>>;
let binh: Awaited<ReturnType<typeof registered>>;
let cuong: Awaited<ReturnType<typeof registered>>;
let dung: Awaited<ReturnType<typeof registered>>;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, { username: "console.admin" });
  longPhuClerk = await loginAs(app, { username: "long.phu", role: "commune", provinceCode: "can-tho", communeName: "Xã Long Phú" });
  hueClerk = await loginAs(app, { username: "hue.clerk", role: "province", provinceCode: "hue" });
  an = await registered({ fullName: "Nguyễn Văn An", phone: "+84912345678" });
  binh = await registered({
    fullName: "Trần Thị Bình",
    gender: "female",
    birthDate: "1998-07-01",
    phone: "+84987001122",
    communeName: "Phường Ninh Kiều",
    communeKey: "ninh kieu",
    desiredCountry: "korea",
    programme: "eps",
    loanNeeded: false,
    loanAmountVnd: null,
  });
  cuong = await registered(
    {
      fullName: "Lê Văn Cường",
      phone: "+84356789012",
      provinceCode: "hue",
      communeName: "Phường Hương Trà",
      communeKey: "huong tra",
      desiredCountry: "germany",
      programme: "nursing_care",
    },
    "2026-09-20T05:00:00Z",
  );
  dung = await registered({
    fullName: "Phạm Thị Dung",
    applicantType: "student",
    gender: "female",
    birthDate: "2006-02-01",
    phone: "+84398765432",
    desiredCountry: "taiwan",
    programme: "work_study",
    loanAmountVnd: 80_000_000,
  });
});
afterAll(async () => app.close());

const names = (body: { rows: { fullName: string }[] }) => body.rows.map((row) => row.fullName).sort();
const lastAudit = (action: string) => app.database.prisma.auditEvent.findFirst({ where: { action }, orderBy: { id: "desc" } });

describe("registrations console: list and filters", () => {
  it("lists every registration for an admin, newest first, with the ID and phone masked", async () => {
    const { status, body } = await admin.request("GET", "/api/admin/registrations");
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    expect(body.rows.at(-1).fullName).toBe("Lê Văn Cường");
    const row = body.rows.find((candidate: { id: string }) => candidate.id === an.id);
    expect(row).toMatchObject({
      referenceCode: an.referenceCode,
      maskedCitizenId: `*********${an.citizenId.slice(-3)}`,
      maskedPhone: "091*****78",
      anonymised: false,
    });
    const text = JSON.stringify(body);
    for (const person of [an, binh, cuong, dung]) {
      expect(text).not.toContain(person.citizenId);
      expect(text).not.toContain(person.phone.slice(3));
    }
  });

  it.each([
    ["status=submitted", 4],
    ["province=Sóc Trăng", 3],
    ["province=hue", 1],
    ["commune=xã long phú", 2],
    ["country=korea", 1],
    ["programme=work_study", 1],
    ["applicantType=student", 1],
    ["loanNeeded=false", 1],
    ["loanNeeded=true&province=can-tho", 2],
    ["month=2026-09", 1],
  ])("filters by %s", async (filter, expected) => {
    const { status, body } = await admin.request("GET", `/api/admin/registrations?${encodeURI(filter)}`);
    expect(status).toBe(200);
    expect(body.total).toBe(expected);
  });

  it("pages the list", async () => {
    const first = await admin.request("GET", "/api/admin/registrations?pageSize=3&page=1");
    const second = await admin.request("GET", "/api/admin/registrations?pageSize=3&page=2");
    expect(first.body.rows).toHaveLength(3);
    expect(second.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.body.rows).toHaveLength(1);
  });

  it("answers 400 naming the field for a bad filter", async () => {
    const { status, body } = await admin.request("GET", "/api/admin/registrations?status=gone&month=2026-13&province=Atlantis");
    expect(status).toBe(400);
    expect(body.fields.map((field: { field: string }) => field.field).sort()).toEqual(["month", "status"]);
    expect((await admin.request("GET", "/api/admin/registrations?province=Atlantis")).status).toBe(400);
  });

  it("audits a list with its filters", async () => {
    await admin.request("GET", "/api/admin/registrations?country=korea");
    expect((await lastAudit("registrations.list"))?.detail).toMatchObject({ country: "korea", total: 1 });
  });
});

describe("registrations console: search", () => {
  it.each(["nguyen van an", "Nguyễn Văn An", "NGUYỄN", "van an"])("finds a name typed %s", async (text) => {
    const { body } = await admin.request("GET", `/api/admin/registrations?q=${encodeURIComponent(text)}`);
    expect(names(body)).toEqual(["Nguyễn Văn An"]);
  });

  it.each(["0912 345 678", "+84912345678", "84912345678", "0912.345.678", "345678"])("finds a phone typed %s", async (text) => {
    const { body } = await admin.request("GET", `/api/admin/registrations?q=${encodeURIComponent(text)}`);
    expect(names(body)).toEqual(["Nguyễn Văn An"]);
  });

  it("combines a search with the filters", async () => {
    const { body } = await admin.request("GET", `/api/admin/registrations?q=thi&country=taiwan`);
    expect(names(body)).toEqual(["Phạm Thị Dung"]);
  });

  it("records that a phone search happened, never the number", async () => {
    await admin.request("GET", `/api/admin/registrations?q=${encodeURIComponent("0987 001 122")}`);
    const event = await lastAudit("registrations.list");
    expect(event?.detail).toMatchObject({ search: "phone", total: 1 });
    expect(JSON.stringify(event)).not.toMatch(/987|001122/);
  });
});

describe("registrations console: detail, reveal and status", () => {
  it("shows the whole record with the citizen ID and phone masked, and its history; audited", async () => {
    const { status, body } = await admin.request("GET", `/api/admin/registrations/${an.id}`);
    expect(status).toBe(200);
    expect(body.registration).toMatchObject({ fullName: "Nguyễn Văn An", birthDate: "1995-03-05", occupation: "thợ hàn 3 năm", maskedPhone: "091*****78" });
    expect(JSON.stringify(body)).not.toContain(an.citizenId);
    expect(JSON.stringify(body)).not.toContain("912345678");
    expect(body.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: "submitted", note: "registered" })]);
    expect(body.allowedStatuses).toEqual(["contacted", "eligible", "loan_applied", "departed", "withdrawn", "rejected"]);
    expect(await lastAudit("registration.view")).toMatchObject({ actor: "staff:console.admin", targetId: an.id });
  });

  it("reveals the full citizen ID and phone, and audits it", async () => {
    const { status, body } = await admin.request("POST", `/api/admin/registrations/${an.id}/reveal`);
    expect(status).toBe(200);
    expect(body).toEqual({ citizenId: an.citizenId, phone: "+84912345678" });
    const event = await lastAudit("registration.reveal");
    expect(event).toMatchObject({ actor: "staff:console.admin", targetType: "registration", targetId: an.id });
    expect(JSON.stringify(event)).not.toContain(an.citizenId);
  });

  it("changes the status with a note, records who did it, and audits it", async () => {
    const { status, body } = await longPhuClerk.request("POST", `/api/admin/registrations/${dung.id}/status`, { status: "contacted", note: "Đã gọi điện" });
    expect(status).toBe(200);
    expect(body.registration.status).toBe("contacted");
    expect(body.history.at(-1)).toMatchObject({ actor: "staff:long.phu", fromStatus: "submitted", toStatus: "contacted", note: "Đã gọi điện" });
    // The monthly list shows the latest note.
    expect(body.registration.note).toBe("Đã gọi điện");
    expect(await lastAudit("registration.status")).toMatchObject({ actor: "staff:long.phu", targetId: dung.id, detail: { to: "contacted" } });
  });

  it("refuses a change the life of a registration does not allow with 409", async () => {
    expect((await admin.request("POST", `/api/admin/registrations/${dung.id}/status`, { status: "submitted" })).status).toBe(409);
    await admin.request("POST", `/api/admin/registrations/${dung.id}/status`, { status: "rejected", note: "Không đủ điều kiện" });
    const reopened = await admin.request("POST", `/api/admin/registrations/${dung.id}/status`, { status: "contacted" });
    expect(reopened.status).toBe(409);
    expect(reopened.body).toMatchObject({ from: "rejected", to: "contacted" });
  });

  it("answers 400 to an unknown status", async () => {
    expect((await admin.request("POST", `/api/admin/registrations/${an.id}/status`, { status: "lost" })).status).toBe(400);
  });
});

describe("registrations console: scope", () => {
  it("shows commune staff only their commune's registrations, whatever they filter", async () => {
    expect(names((await longPhuClerk.request("GET", "/api/admin/registrations")).body)).toEqual(["Nguyễn Văn An", "Phạm Thị Dung"]);
    expect((await longPhuClerk.request("GET", `/api/admin/registrations?commune=${encodeURIComponent("Phường Ninh Kiều")}`)).body.total).toBe(0);
    expect((await longPhuClerk.request("GET", `/api/admin/registrations?q=${encodeURIComponent("0987001122")}`)).body.total).toBe(0);
  });

  it("answers 404 to commune staff who view, reveal or change another commune's registration", async () => {
    expect((await longPhuClerk.request("GET", `/api/admin/registrations/${binh.id}`)).status).toBe(404);
    expect((await longPhuClerk.request("POST", `/api/admin/registrations/${binh.id}/reveal`)).status).toBe(404);
    expect((await longPhuClerk.request("POST", `/api/admin/registrations/${binh.id}/status`, { status: "contacted" })).status).toBe(404);
    const row = await app.database.prisma.registration.findUniqueOrThrow({ where: { id: binh.id } });
    expect(row.status).toBe("submitted");
  });

  it("exports to commune staff only their commune in the monthly list", async () => {
    const { status, body } = await longPhuClerk.request(
      "GET",
      `/api/admin/registrations/monthly-list?month=2026-10&province=can-tho&commune=${encodeURIComponent("Phường Ninh Kiều")}&format=csv`,
    );
    expect(status).toBe(200);
    expect(body).toContain("Nguyễn Văn An");
    expect(body).not.toContain("Trần Thị Bình");
  });

  it("keeps province staff to their province", async () => {
    expect(names((await hueClerk.request("GET", "/api/admin/registrations")).body)).toEqual(["Lê Văn Cường"]);
    expect((await hueClerk.request("GET", "/api/admin/registrations?province=can-tho")).body.total).toBe(0);
    expect((await hueClerk.request("GET", `/api/admin/registrations/${an.id}`)).status).toBe(404);
    expect((await hueClerk.request("GET", `/api/admin/registrations/${cuong.id}`)).status).toBe(200);
  });
});

describe("registrations console: anonymised registrations", () => {
  it("shows an erased person's registration as anonymised and refuses to reveal it", async () => {
    const erased = await registered({ fullName: "Võ Văn Em", phone: "+84911222333" });
    await app.registrations.service.erasePersonalData(erased.owner);
    const { body } = await admin.request("GET", `/api/admin/registrations/${erased.id}`);
    expect(body.registration).toMatchObject({ anonymised: true, fullName: null, maskedCitizenId: null, maskedPhone: null, status: "withdrawn" });
    const reveal = await admin.request("POST", `/api/admin/registrations/${erased.id}/reveal`);
    expect(reveal.status).toBe(409);
    expect((await admin.request("GET", `/api/admin/registrations?q=${encodeURIComponent("Võ Văn Em")}`)).body.total).toBe(0);
  });
});
