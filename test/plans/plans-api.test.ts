import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { createPlans } from "../../src/plans/index.js";
import type { RegistrationInput } from "../../src/registrations/index.js";
import type { RegistrationStatus } from "../../src/registrations/repository.js";
import { startTestApp } from "../helpers/app.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";
import { registrationInput } from "../registrations/fixtures.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let canThoClerk: StaffClient;
let hueClerk: StaffClient;
let longPhuClerk: StaffClient;

let owners = 0;
/** A registration made at `createdAt`, then moved through `moves` at their dates. */
async function registered(overrides: Partial<RegistrationInput>, createdAt: string | undefined, moves: [RegistrationStatus, string][] = []) {
  const result = await app.registrations.service.submit(registrationInput(overrides), { channel: "web", userId: `plans-${++owners}` });
  if (result.kind !== "created") throw new Error("expected a new registration");
  const { referenceCode } = result;
  const { id } = await app.database.prisma.registration.findUniqueOrThrow({ where: { referenceCode } });
  if (createdAt) {
    await app.database.prisma.registration.update({ where: { id }, data: { createdAt: new Date(createdAt) } });
    await app.database.prisma.registrationEvent.updateMany({ where: { registrationId: id }, data: { createdAt: new Date(createdAt) } });
  }
  for (const [status, at] of moves) {
    await app.registrations.service.changeStatus(referenceCode, status, { actor: "staff:test" });
    const last = await app.database.prisma.registrationEvent.findFirstOrThrow({ where: { registrationId: id }, orderBy: { id: "desc" } });
    await app.database.prisma.registrationEvent.update({ where: { id: last.id }, data: { createdAt: new Date(at) } });
  }
}

const otherCommune = { communeName: "Phường Ninh Kiều", communeKey: "ninh kieu" };

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, { username: "plans.admin" });
  canThoClerk = await loginAs(app, { username: "can.tho", role: "province", provinceCode: "can-tho" });
  hueClerk = await loginAs(app, { username: "hue.officer", role: "province", provinceCode: "hue" });
  longPhuClerk = await loginAs(app, { username: "long.phu.officer", role: "commune", provinceCode: "can-tho", communeName: "Xã Long Phú" });
  // Cần Thơ (the Sóc Trăng plan's area), 2024:
  await registered({ loanAmountVnd: 120_000_000 }, "2024-03-10T03:00:00Z", [
    ["eligible", "2024-04-01T03:00:00Z"],
    ["departed", "2024-08-01T03:00:00Z"],
  ]);
  await registered({ loanAmountVnd: 100_000_000 }, "2024-05-10T03:00:00Z", [
    ["loan_applied", "2024-06-01T03:00:00Z"],
    ["departed", "2025-01-05T03:00:00Z"],
  ]);
  await registered({ ...otherCommune, loanNeeded: false, loanAmountVnd: null, desiredCountry: "korea", programme: "eps" }, "2024-06-10T03:00:00Z");
  await registered({ ...otherCommune, loanNeeded: false, loanAmountVnd: null }, "2023-12-10T03:00:00Z", [["departed", "2024-02-01T03:00:00Z"]]);
  // Huế, 2024; and one registration in Cần Thơ made now.
  await registered({ provinceCode: "hue", communeName: "Phường Hương Trà", communeKey: "huong tra", loanAmountVnd: 50_000_000 }, "2024-02-10T03:00:00Z", [
    ["departed", "2024-05-01T03:00:00Z"],
  ]);
  await registered({ loanNeeded: false, loanAmountVnd: null }, undefined);
});
afterAll(async () => app.close());

const planOf = (body: { plans: { code: string }[] }, code: string) => body.plans.find((plan) => plan.code === code) as any;

describe("plan targets", () => {
  it("seeds the targets of plans.yaml on start-up", async () => {
    const { status, body } = await admin.request("GET", "/api/admin/plans");
    expect(status).toBe(200);
    const socTrang = planOf(body, "nq02-2023-soc-trang");
    expect(socTrang).toMatchObject({ provinceCode: "can-tho", source: { confidence: "SEED" } });
    expect(socTrang.targets.map((t: any) => [t.period, t.metric, t.minimum, t.maximum])).toEqual([
      ["2024", "loan_vnd", 67_500_000_000, null],
      ["2024", "people", 500, null],
    ]);
    const huongTra = planOf(body, "kh2740-huong-tra");
    expect(huongTra.targets.find((t: any) => t.period === "2021-2025")).toMatchObject({ metric: "people", minimum: 400, maximum: 500 });
    expect(huongTra.targets.filter((t: any) => t.minimum === 80 && t.maximum === 100)).toHaveLength(5);
  });

  it("seeds again without duplicating a target or undoing an edit", async () => {
    const target = await app.database.prisma.planTarget.findFirstOrThrow({ where: { plan: "kh2740-huong-tra", period: "2021" } });
    expect((await admin.request("PATCH", `/api/admin/plans/targets/${target.id}`, { minimum: 90 })).status).toBe(200);
    const before = await app.database.prisma.planTarget.count();
    const again = createPlans({ prisma: app.database.prisma, contentDir, localities: app.registrations.localities, statistics: app.registrations.statistics });
    expect(await again.seedTargets()).toBe(0);
    expect(await app.database.prisma.planTarget.count()).toBe(before);
    expect(Number((await app.database.prisma.planTarget.findUniqueOrThrow({ where: { id: target.id } })).minimum)).toBe(90);
  });

  it("lets province staff change their province's targets, audited", async () => {
    const target = await app.database.prisma.planTarget.findFirstOrThrow({ where: { plan: "kh2740-huong-tra", period: "2022" } });
    const { status, body } = await hueClerk.request("PATCH", `/api/admin/plans/targets/${target.id}`, { minimum: 85, maximum: 110 });
    expect(status).toBe(200);
    expect(body.target).toMatchObject({ minimum: 85, maximum: 110, updatedBy: "staff:hue.officer" });
    const event = await app.database.prisma.auditEvent.findFirst({ where: { action: "plan.target.change" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({
      actor: "staff:hue.officer",
      targetId: String(target.id),
      detail: { before: { minimum: 80, maximum: 100 }, after: { minimum: 85, maximum: 110 } },
    });
  });

  it("refuses a target change by province staff of another province, and by commune staff", async () => {
    const target = await app.database.prisma.planTarget.findFirstOrThrow({ where: { plan: "nq02-2023-soc-trang", metric: "people" } });
    expect((await hueClerk.request("PATCH", `/api/admin/plans/targets/${target.id}`, { minimum: 1 })).status).toBe(403);
    expect((await longPhuClerk.request("PATCH", `/api/admin/plans/targets/${target.id}`, { minimum: 1 })).status).toBe(403);
    expect((await hueClerk.request("POST", "/api/admin/plans/nq02-2023-soc-trang/targets", { period: "2025", metric: "people", minimum: 1 })).status).toBe(403);
    expect(Number((await app.database.prisma.planTarget.findUniqueOrThrow({ where: { id: target.id } })).minimum)).toBe(500);
  });

  it("refuses a maximum below the minimum", async () => {
    const target = await app.database.prisma.planTarget.findFirstOrThrow({ where: { plan: "kh2740-huong-tra", period: "2023" } });
    const { status, body } = await admin.request("PATCH", `/api/admin/plans/targets/${target.id}`, { minimum: 120 });
    expect(status).toBe(400);
    expect(body.fields[0].field).toBe("maximum");
  });

  it("adds a target for a new period once", async () => {
    const added = await canThoClerk.request("POST", "/api/admin/plans/nq02-2023-soc-trang/targets", {
      period: "2025",
      metric: "people",
      minimum: 1000,
      maximum: 1500,
    });
    expect(added.status).toBe(201);
    expect(added.body.target).toMatchObject({ plan: "nq02-2023-soc-trang", provinceCode: "can-tho", period: "2025", minimum: 1000, maximum: 1500 });
    const again = await admin.request("POST", "/api/admin/plans/nq02-2023-soc-trang/targets", { period: "2025", metric: "people", minimum: 1 });
    expect(again.status).toBe(409);
    expect((await admin.request("POST", "/api/admin/plans/no-such-plan/targets", { period: "2025", metric: "people", minimum: 1 })).status).toBe(404);
  });
});

describe("dashboard", () => {
  it("counts a province's registrations and progress against the plan's 2024 targets", async () => {
    const { status, body } = await admin.request("GET", `/api/admin/dashboard?province=${encodeURIComponent("Sóc Trăng")}&period=2024`);
    expect(status).toBe(200);
    expect(body.scope).toEqual({ provinceCode: "can-tho", communeKey: null });
    expect(body.registrations).toMatchObject({
      total: 3,
      byStatus: [
        { key: "departed", count: 2 },
        { key: "submitted", count: 1 },
      ],
      byCountry: [
        { key: "japan", count: 2 },
        { key: "korea", count: 1 },
      ],
      byProgramme: [
        { key: "technical_intern", count: 2 },
        { key: "eps", count: 1 },
      ],
      byApplicantType: [{ key: "worker", count: 3 }],
    });
    expect(body.loans).toMatchObject({ requestedCount: 2, requestedTotalVnd: 220_000_000, budgetTotalVnd: 67_500_000_000 });
    expect(body.loans.budgetLines.map((line: any) => [line.line, line.amountVnd])).toEqual([
      ["central", 25_000_000_000],
      ["local", 42_500_000_000],
    ]);
    expect(body.plans.map((plan: any) => plan.code)).toEqual(["nq02-2023-soc-trang"]);
    const [loanTarget, peopleTarget] = body.plans[0].targets;
    expect(peopleTarget).toMatchObject({ metric: "people", minimum: 500, progress: { compared: "departed", actual: 2, percentOfMinimum: 0.4 } });
    expect(peopleTarget.progress.stages).toEqual({ registered: 3, eligible: 3, loanApplied: 3, departed: 2 });
    expect(loanTarget).toMatchObject({ metric: "loan_vnd", progress: { compared: "loanRequestedVnd", actual: 220_000_000, percentOfMinimum: 0.3 } });
  });

  it("shows the last twelve months, this month last", async () => {
    const { body } = await admin.request("GET", "/api/admin/dashboard?province=can-tho");
    expect(body.registrations.byMonth).toHaveLength(12);
    const thisMonth = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    expect(body.registrations.byMonth.at(-1)).toEqual({ month: thisMonth, count: 1 });
    expect(body.registrations.total).toBe(5);
  });

  it("counts only the commune of commune staff, and shows no personal data", async () => {
    const { body } = await longPhuClerk.request("GET", "/api/admin/dashboard?period=2024");
    expect(body.scope).toEqual({ provinceCode: "can-tho", communeKey: "long phu" });
    const people = body.plans[0].targets.find((target: any) => target.metric === "people");
    expect(people.progress.stages).toEqual({ registered: 2, eligible: 2, loanApplied: 2, departed: 1 });
    expect(JSON.stringify(body)).not.toMatch(/Nguyễn|\+84|DK-/);
  });

  it("keeps province staff to their province", async () => {
    expect((await hueClerk.request("GET", "/api/admin/dashboard?province=can-tho")).status).toBe(403);
    const { body } = await hueClerk.request("GET", "/api/admin/dashboard?period=2024");
    expect(body.plans.map((plan: any) => plan.code)).toEqual(["kh2740-huong-tra"]);
    expect(body.plans[0].targets[0]).toMatchObject({ period: "2024", minimum: 80, maximum: 100, progress: { actual: 1 } });
  });

  it("answers 400 to an unknown province or a malformed period", async () => {
    const { status, body } = await admin.request("GET", "/api/admin/dashboard?period=24");
    expect(status).toBe(400);
    expect(body.fields[0].field).toBe("period");
    expect((await admin.request("GET", "/api/admin/dashboard?province=Atlantis")).status).toBe(400);
  });
});

describe("reporting deadlines", () => {
  it("lists each plan's next deadlines from a date, with the source and whether each date is confirmed", async () => {
    const { status, body } = await admin.request("GET", "/api/admin/deadlines?from=2026-06-20");
    expect(status).toBe(200);
    expect(body.deadlines.map((d: any) => [d.plan, d.date, d.daysLeft, d.confirmed])).toEqual([
      ["kh2740-huong-tra", "2026-06-20", 0, true],
      ["nq02-2023-soc-trang", "2026-07-10", 20, true],
      ["kh2740-huong-tra", "2026-11-30", 163, true],
      ["nq02-2023-soc-trang", "2026-12-10", 173, true],
    ]);
    expect(body.deadlines[1].what).toMatch(/Phụ lục IV/);
  });

  it("shows province staff only their province's plans", async () => {
    const { body } = await hueClerk.request("GET", "/api/admin/deadlines?from=2026-01-01");
    expect(new Set(body.deadlines.map((d: any) => d.plan))).toEqual(new Set(["kh2740-huong-tra"]));
  });
});

describe("a commune account whose commune name folds to nothing (made before names were checked)", () => {
  it("sees no registration in the dashboard or the monthly list, not the whole province", async () => {
    const emptyCommune = await loginAs(app, { username: "empty.commune", role: "commune", provinceCode: "can-tho", communeName: "!!!" });
    expect((await emptyCommune.request("GET", "/api/admin/session")).body.user.communeKey).toBe("");
    const { body } = await emptyCommune.request("GET", "/api/admin/dashboard");
    expect(body.registrations.total).toBe(0);
    expect(body.loans.requestedCount).toBe(0);

    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    const exported = async (client: StaffClient, query = "") => {
      const response = await client.request("GET", `/api/admin/registrations/monthly-list?month=${month}&province=can-tho&format=csv${query}`);
      expect(response.status).toBe(200);
      const event = await app.database.prisma.auditEvent.findFirstOrThrow({ where: { action: "registrations.export" }, orderBy: { id: "desc" } });
      return (event.detail as { rows: number }).rows;
    };
    expect(await exported(canThoClerk)).toBe(1);
    expect(await exported(emptyCommune)).toBe(0);
    // Asking for a commune whose name folds to nothing finds nothing either.
    expect(await exported(admin, "&commune=%21%21%21")).toBe(0);
  });
});
