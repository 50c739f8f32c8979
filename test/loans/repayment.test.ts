import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { repaymentPlan, repaymentMethods } from "../../src/loans/index.js";

describe("equal principal with interest on the balance", () => {
  it("matches the hand calculation for 120 million over 12 months at 12 %/year", () => {
    // 12 %/year = 1 %/month. Principal 120,000,000 ÷ 12 = 10,000,000 each month.
    // Interest: month 1 = 120,000,000 × 1 % = 1,200,000; month 2 = 110,000,000 × 1 % = 1,100,000; …
    // month 12 = 10,000,000 × 1 % = 100,000. Total = 100,000 × (12 + 11 + … + 1) = 100,000 × 78 = 7,800,000.
    const plan = repaymentPlan({ principal: 120_000_000, months: 12, annualRatePercent: 12, method: "equal-principal" });
    expect(plan.instalments[0]).toEqual({ month: 1, principal: 10_000_000, interest: 1_200_000, payment: 11_200_000, balance: 110_000_000 });
    expect(plan.instalments[1]).toEqual({ month: 2, principal: 10_000_000, interest: 1_100_000, payment: 11_100_000, balance: 100_000_000 });
    expect(plan.instalments[11]).toEqual({ month: 12, principal: 10_000_000, interest: 100_000, payment: 10_100_000, balance: 0 });
    expect(plan.totalInterest).toBe(7_800_000);
    expect(plan.totalPaid).toBe(127_800_000);
  });

  it("matches the hand calculation for a national loan of 147 million over 36 months at 127 % of 6.6 %", () => {
    // Rate 6.6 × 127 % = 8.382 %/year; monthly factor 8.382 ÷ 1200 = 0.006985.
    // Principal 147,000,000 ÷ 36 = 4,083,333.33 → 4,083,333 a month, rounded down;
    // the last month repays 147,000,000 − 35 × 4,083,333 = 147,000,000 − 142,916,655 = 4,083,345.
    // Month 1 interest: 147,000,000 × 0.006985 = 1,026,795 exactly.
    // Month 2 interest: 142,916,667 × 0.006985 = 998,272.92 → 998,273.
    // Month 3 interest: 138,833,334 × 0.006985 = 969,750.84 → 969,751.
    // Month 36 interest: 4,083,345 × 0.006985 = 28,522.16 → 28,522.
    // Total: the balances sum to 36 × 147,000,000 − 4,083,333 × (0 + 1 + … + 35)
    //   = 5,292,000,000 − 4,083,333 × 630 = 2,719,500,210; × 0.006985 = 18,995,708.97,
    //   and the 36 monthly roundings add up to 18,995,709.
    const plan = repaymentPlan({ principal: 147_000_000, months: 36, annualRatePercent: 8.382, method: "equal-principal" });
    expect(plan.instalments.slice(0, 3).map((row) => [row.principal, row.interest])).toEqual([
      [4_083_333, 1_026_795],
      [4_083_333, 998_273],
      [4_083_333, 969_751],
    ]);
    expect(plan.instalments[35]).toEqual({ month: 36, principal: 4_083_345, interest: 28_522, payment: 4_111_867, balance: 0 });
    expect(plan.totalInterest).toBe(18_995_709);
    expect(plan.totalPaid).toBe(165_995_709);
  });

  it("splits a loan without interest into equal parts, the last taking the remainder", () => {
    // 100,000,000 ÷ 3 = 33,333,333.33 → 33,333,333, 33,333,333 and 100,000,000 − 66,666,666 = 33,333,334.
    const plan = repaymentPlan({ principal: 100_000_000, months: 3, annualRatePercent: 0, method: "equal-principal" });
    expect(plan.instalments.map((row) => row.principal)).toEqual([33_333_333, 33_333_333, 33_333_334]);
    expect(plan.totalInterest).toBe(0);
  });
});

describe("equal instalments (annuity)", () => {
  it("matches the hand calculation for 120 million over 12 months at 12 %/year", () => {
    // r = 1 %/month; 1.01^12 = 1.126825; payment = 120,000,000 × 0.01 ÷ (1 − 1 ÷ 1.126825)
    //   = 1,200,000 ÷ 0.112551 = 10,661,854.7 → 10,661,855.
    // Month 1: interest 1,200,000, principal 10,661,855 − 1,200,000 = 9,461,855, balance 110,538,145.
    // Month 2: interest 110,538,145 × 1 % = 1,105,381.45 → 1,105,381, principal 9,556,474.
    // Month 12 settles the rounding: balance 10,556,288 + interest 105,563 = 10,661,851.
    // Total interest = 11 × 10,661,855 + 10,661,851 − 120,000,000 = 7,942,256.
    const plan = repaymentPlan({ principal: 120_000_000, months: 12, annualRatePercent: 12, method: "annuity" });
    expect(plan.instalments[0]).toEqual({ month: 1, principal: 9_461_855, interest: 1_200_000, payment: 10_661_855, balance: 110_538_145 });
    expect(plan.instalments[1]).toMatchObject({ principal: 9_556_474, interest: 1_105_381, payment: 10_661_855 });
    expect(plan.instalments.slice(0, 11).every((row) => row.payment === 10_661_855)).toBe(true);
    expect(plan.instalments[11]).toEqual({ month: 12, principal: 10_556_288, interest: 105_563, payment: 10_661_851, balance: 0 });
    expect(plan.totalInterest).toBe(7_942_256);
  });

  it("costs more interest than equal principal for the same loan, since the balance falls slower", () => {
    const input = { principal: 147_000_000, months: 36, annualRatePercent: 8.382 };
    const annuity = repaymentPlan({ ...input, method: "annuity" });
    const equalPrincipal = repaymentPlan({ ...input, method: "equal-principal" });
    expect(annuity.totalInterest).toBeGreaterThan(equalPrincipal.totalInterest);
  });
});

describe("every repayment plan", () => {
  const cases = fc.record({
    principal: fc.integer({ min: 1, max: 10_000_000_000 }),
    months: fc.integer({ min: 1, max: 120 }),
    // Rates with up to three decimals, as 127 % of a poor-household rate gives.
    annualRatePercent: fc.integer({ min: 0, max: 30_000 }).map((thousandths) => thousandths / 1000),
    method: fc.constantFrom(...repaymentMethods),
  });

  it("repays exactly the loan, ends at a zero balance, never charges negative interest and lasts the term", () => {
    fc.assert(
      fc.property(cases, (input) => {
        const plan = repaymentPlan(input);
        expect(plan.instalments).toHaveLength(input.months);
        expect(plan.instalments.reduce((sum, row) => sum + row.principal, 0)).toBe(input.principal);
        expect(plan.instalments.at(-1)!.balance).toBe(0);
        for (const row of plan.instalments) {
          expect(row.interest).toBeGreaterThanOrEqual(0);
          expect(row.principal).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(row.interest) && Number.isInteger(row.principal)).toBe(true);
          expect(row.payment).toBe(row.principal + row.interest);
        }
        expect(plan.totalPaid).toBe(input.principal + plan.totalInterest);
      }),
      { numRuns: 600 },
    );
  });

  it("keeps every balance between zero and the loan, falling month by month", () => {
    fc.assert(
      fc.property(cases, (input) => {
        let previous = input.principal;
        for (const row of repaymentPlan(input).instalments) {
          expect(row.balance).toBeLessThanOrEqual(previous);
          expect(row.balance).toBeGreaterThanOrEqual(0);
          expect(row.balance).toBe(previous - row.principal);
          previous = row.balance;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("charges each month the balance before it times the monthly rate, to the nearest đồng", () => {
    fc.assert(
      fc.property(cases, (input) => {
        let balance = input.principal;
        for (const row of repaymentPlan(input).instalments) {
          expect(Math.abs(row.interest - (balance * input.annualRatePercent) / 1200)).toBeLessThanOrEqual(0.5 + 1e-6 * balance);
          balance = row.balance;
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [{ principal: 0, months: 12, annualRatePercent: 8 }],
    [{ principal: 1.5, months: 12, annualRatePercent: 8 }],
    [{ principal: 1_000_000, months: 0, annualRatePercent: 8 }],
    [{ principal: 1_000_000, months: 12, annualRatePercent: -1 }],
    [{ principal: 1_000_000, months: 12, annualRatePercent: Number.NaN }],
  ])("refuses impossible input %j", (input) => {
    expect(() => repaymentPlan({ ...input, method: "equal-principal" })).toThrow(RangeError);
  });
});
