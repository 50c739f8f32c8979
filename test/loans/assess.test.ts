import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { assessLoan, assessProgramme, loadLoanRules, type LoanCase } from "../../src/loans/index.js";

const rules = loadLoanRules(path.join(contentDir, "loans"));
const in2026 = new Date("2026-03-01T00:00:00Z");

function aCase(overrides: Partial<LoanCase> = {}): LoanCase {
  return {
    applicant: "contract-worker",
    province: "other",
    group: "none",
    costVnd: 150_000_000,
    stateSupportVnd: 0,
    contractMonths: 36,
    ...overrides,
  };
}
const programmeIds = (loanCase: LoanCase) => assessLoan(rules, loanCase, in2026).programmes.map((p) => [p.programmeId, p.eligibility]);
const national = (loanCase: LoanCase, on = in2026) => assessProgramme(rules, rules.programmes.find((p) => p.id === "national")!, loanCase, on);

describe("which programmes apply", () => {
  it("offers a contract worker from another province only the national loan", () => {
    expect(programmeIds(aCase())).toEqual([["national", "yes"]]);
  });

  it("offers an EPS worker of a poor household the national loan and the deposit loan", () => {
    expect(programmeIds(aCase({ applicant: "eps", group: "poor-household" }))).toEqual([
      ["national", "yes"],
      ["eps-deposit", "yes"],
    ]);
  });

  it("offers an EPS worker outside the old policy groups the deposit loan as not confirmed", () => {
    const eps = assessLoan(rules, aCase({ applicant: "eps" }), in2026).programmes.find((p) => p.programmeId === "eps-deposit")!;
    expect(eps).toMatchObject({ eligibility: "not-confirmed", reasons: ["group"] });
  });

  it("adds the Sóc Trăng programme, not confirmed, for a contract worker in Cần Thơ", () => {
    expect(programmeIds(aCase({ province: "can-tho" }))).toEqual([
      ["national", "yes"],
      ["can-tho-nq02", "not-confirmed"],
    ]);
  });

  it("gives a work-study student in Cần Thơ only the Sóc Trăng programme, not confirmed", () => {
    expect(programmeIds(aCase({ applicant: "work-study", province: "can-tho" }))).toEqual([["can-tho-nq02", "not-confirmed"]]);
  });

  it("finds no programme for a work-study student elsewhere, and says what else can help", () => {
    const assessment = assessLoan(rules, aCase({ applicant: "work-study", province: "hue" }), in2026);
    expect(assessment.programmes).toEqual([]);
    expect(assessment.otherHelp.map((help) => help.id)).toEqual(["work-study-no-state-loan"]);
  });

  it("explains why the national loan does not cover a work-study student", () => {
    expect(national(aCase({ applicant: "work-study" }))).toMatchObject({ eligibility: "no", reasons: ["applicant"] });
  });

  it("does not apply the 2026 national rules before 1 January 2026", () => {
    expect(national(aCase(), new Date("2025-12-31T12:00:00Z"))).toMatchObject({ eligibility: "no", reasons: ["not-in-force"] });
  });

  it("points a priority group to the support before departure, and Huế families to the Huế resolution", () => {
    const help = assessLoan(rules, aCase({ group: "near-poor-household", province: "hue" }), in2026).otherHelp.map((h) => h.id);
    expect(help).toEqual(["pre-departure-support", "hue-nq06"]);
  });
});

describe("the national loan for a case", () => {
  it("lends up to the whole cost net of the state's support", () => {
    // 150,000,000 − 3,000,000 already paid by the state = 147,000,000 at 100 %.
    expect(national(aCase({ stateSupportVnd: 3_000_000 })).maxLoan).toMatchObject({ known: true, netCostVnd: 147_000_000, vnd: 147_000_000 });
  });

  it("needs collateral above 200 million and not at exactly 200 million", () => {
    expect(national(aCase({ costVnd: 200_000_000 })).collateral).toMatchObject({ known: true, required: false });
    expect(national(aCase({ costVnd: 200_000_001 })).collateral).toMatchObject({ known: true, required: true });
  });

  it("charges 127 % of the poor-household rate to a family outside the priority groups, confirmed for them", () => {
    // 6.6 × 127 % = 8.382; overdue 8.382 × 130 % = 10.8966.
    const assessment = national(aCase());
    expect(assessment.rate).toMatchObject({
      known: true,
      annualPercent: 8.382,
      basis: "standard",
      sharePercent: 127,
      groupStatus: "confirmed",
      valueStatus: "not-confirmed",
    });
    expect(assessment.overdue).toMatchObject({ known: true, percentOfRate: 130, annualPercent: 10.8966 });
  });

  it("charges a poor household the poor-household rate itself, marked as not confirmed", () => {
    expect(national(aCase({ group: "poor-household" })).rate).toMatchObject({ annualPercent: 6.6, basis: "priority", groupStatus: "not-confirmed" });
  });

  it("charges other priority groups 127 % but warns that they may be on the unconfirmed list", () => {
    expect(national(aCase({ group: "ethnic-minority" })).rate).toMatchObject({ annualPercent: 8.382, basis: "standard", groupStatus: "not-confirmed" });
  });

  it("lends for at most the length of the contract", () => {
    expect(national(aCase({ contractMonths: 58 })).term).toMatchObject({ known: true, maxMonths: 58 });
  });
});

describe("the EPS deposit loan for a case", () => {
  const eps = (loanCase: LoanCase) => assessProgramme(rules, rules.programmes.find((p) => p.id === "eps-deposit")!, loanCase, in2026);

  it("lends the deposit up to 100 million and for at most 5 years 4 months whatever the contract", () => {
    const assessment = eps(aCase({ applicant: "eps", contractMonths: 58, depositVnd: 120_000_000 }));
    expect(assessment.maxLoan).toMatchObject({ known: true, vnd: 100_000_000, upToCap: false });
    expect(assessment.term).toMatchObject({ known: true, maxMonths: 64 });
  });

  it("gives no rate or collateral rule, since neither is confirmed", () => {
    const assessment = eps(aCase({ applicant: "eps" }));
    expect(assessment.rate.known).toBe(false);
    expect(assessment.collateral.known).toBe(false);
  });
});
