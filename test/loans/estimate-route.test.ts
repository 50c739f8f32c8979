import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

async function estimate(body: unknown) {
  const response = await fetch(`${app.baseUrl}/api/loans/estimate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const national = { amount: 150_000_000, months: 36, group: "none", programme: "national" };

describe("POST /api/loans/estimate", () => {
  it("estimates the national loan with an equal-principal schedule by default", async () => {
    const { status, body } = await estimate({ ...national, stateSupport: 3_000_000 });
    expect(status).toBe(200);
    // The same case as the worked example in repayment.test.ts: 147,000,000 at 8.382 % over 36 months.
    expect(body).toMatchObject({
      eligible: true,
      eligibility: "yes",
      maxLoan: 147_000_000,
      collateralRequired: false,
      annualRatePercent: 8.382,
      rateBasis: "127% of the poor-household lending rate",
      rateStatus: "not-confirmed",
      poorHouseholdRatePercent: 6.6,
      overdueRatePercent: 10.8966,
      maxMonths: 36,
      method: "equal-principal",
      totalInterest: 18_995_709,
      totalPaid: 165_995_709,
    });
    expect(body.schedule).toHaveLength(36);
    expect(body.schedule[0]).toEqual({ month: 1, principal: 4_083_333, interest: 1_026_795, payment: 5_110_128, balance: 142_916_667 });
    expect(body.schedule[35]).toMatchObject({ month: 36, principal: 4_083_345, interest: 28_522, balance: 0 });
    expect(body.sources.map((source: { document: string }) => source.document)).toContain("Nghị định 338/2025/NĐ-CP");
    expect(body.sources[0]).not.toHaveProperty("grade");
  });

  it("gives equal instalments when asked", async () => {
    const { body } = await estimate({ ...national, amount: 120_000_000, months: 12, method: "annuity" });
    const payments = body.schedule.map((row: { payment: number }) => row.payment);
    expect(new Set(payments.slice(0, 11)).size).toBe(1);
    expect(body.schedule.reduce((sum: number, row: { principal: number }) => sum + row.principal, 0)).toBe(120_000_000);
  });

  it("requires collateral above 200 million", async () => {
    const { body } = await estimate({ ...national, amount: 250_000_000 });
    expect(body).toMatchObject({ maxLoan: 250_000_000, collateralRequired: true });
  });

  it("gives a poor household the poor-household rate itself", async () => {
    const { body } = await estimate({ ...national, group: "poor-household" });
    expect(body).toMatchObject({ annualRatePercent: 6.6, rateBasis: "100% of the poor-household lending rate (priority group)" });
  });

  it("answers the EPS deposit loan with its cap and term but no rate and no schedule, since the rate is not confirmed", async () => {
    const { status, body } = await estimate({ amount: 120_000_000, months: 58, group: "near-poor-household", programme: "eps-deposit" });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      eligible: true,
      maxLoan: 100_000_000,
      collateralRequired: null,
      annualRatePercent: null,
      rateStatus: "unknown",
      maxMonths: 64,
      schedule: [],
      totalInterest: null,
    });
  });

  it("answers the Sóc Trăng programme as not confirmed, with no numbers", async () => {
    const { body } = await estimate({ ...national, programme: "can-tho-nq02", applicant: "work-study" });
    expect(body).toMatchObject({ eligible: false, eligibility: "not-confirmed", maxLoan: null, annualRatePercent: null, schedule: [] });
  });

  it("says a work-study student is not eligible for the national loan, and why", async () => {
    const { body } = await estimate({ ...national, applicant: "work-study" });
    expect(body).toMatchObject({ eligible: false, eligibility: "no", reasons: ["applicant"], schedule: [] });
  });

  it("answers 400 with a message for each invalid field", async () => {
    const { status, body } = await estimate({ amount: -5, months: 2.5, group: "rich", programme: "bank", method: "balloon" });
    expect(status).toBe(400);
    const fields = Object.fromEntries(body.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(Object.keys(fields).sort()).toEqual(["amount", "group", "method", "months", "programme"]);
    expect(fields.amount).toBe("must be above 0");
    expect(fields.months).toBe("must be a whole number of months");
    expect(fields.group).toMatch(/^must be one of: poor-household, near-poor-household, .*none$/);
    expect(fields.programme).toBe("must be one of: national, eps-deposit, can-tho-nq02");
  });

  it("answers 400 for missing fields, an amount above 10 billion and support above the amount", async () => {
    const missing = await estimate({});
    expect(missing.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(["amount", "group", "months", "programme"]);
    const tooLarge = await estimate({ ...national, amount: 10_000_000_001 });
    expect(tooLarge.body.fields).toEqual([{ field: "amount", message: "must be at most 10000000000 VND" }]);
    const support = await estimate({ ...national, stateSupport: 200_000_000 });
    expect(support.body.fields).toEqual([{ field: "stateSupport", message: "must not be above amount" }]);
  });

  it("answers 400 to an unknown field rather than ignoring it", async () => {
    const { status, body } = await estimate({ ...national, rate: 1 });
    expect(status).toBe(400);
    expect(body.fields[0].message).toMatch(/rate/);
  });

  it("answers 400, not 500, to a body that is not JSON", async () => {
    expect((await estimate("{nope")).status).toBe(400);
  });
});
