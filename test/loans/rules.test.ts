import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { createLoanCheckFeature } from "../../src/bot/features/loan-check/loan-check.js";
import { loadLoanRules, LoanRulesInvalid, textKeysOfRules } from "../../src/loans/index.js";
import { texts } from "../helpers/core.js";

const loansDir = path.join(contentDir, "loans");
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of content/loans with one file replaced, to check what the loader refuses. */
function rulesWith(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loan-rules-"));
  copies.push(dir);
  for (const name of fs.readdirSync(loansDir)) fs.copyFileSync(path.join(loansDir, name), path.join(dir, name));
  fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(loansDir, file), "utf8")));
  return dir;
}

describe("the loan rules in content/loans", () => {
  const rules = loadLoanRules(loansDir);

  it("load and describe the national loan, the EPS deposit loan and the Sóc Trăng/Cần Thơ programme", () => {
    expect(rules.programmes.map((programme) => programme.id)).toEqual(["national", "eps-deposit", "can-tho-nq02"]);
  });

  it("give the 2026 national rules: 100 % of the net cost, collateral above 200 million, 127 %/100 % of the poor-household rate, overdue 130 %, term within the contract", () => {
    const national = rules.programmes.find((programme) => programme.id === "national")!;
    expect(national.validFrom).toBe("2026-01-01");
    expect(national.maxLoan).toMatchObject({ rule: "share-of-net-cost", percentOfNetCost: 100, status: "confirmed" });
    expect(national.collateral).toMatchObject({ rule: "above", thresholdVnd: 200_000_000 });
    expect(national.rate).toMatchObject({ standardPercent: 127, priorityPercent: 100, priorityListStatus: "not-confirmed" });
    expect(national.overdue).toMatchObject({ percent: 130 });
    expect(national.term).toMatchObject({ rule: "at-most", withinContract: true });
  });

  it("mark the poor-household rate as not confirmed, with the other reported value", () => {
    expect(rules.poorHouseholdRate).toMatchObject({ annualPercent: 6.6, status: "not-confirmed" });
    expect(rules.poorHouseholdRate.otherReports).toContainEqual(expect.objectContaining({ annualPercent: 6.24, from: "2025-12-01" }));
  });

  it("give no number for what is not confirmed about the EPS deposit and Sóc Trăng loans", () => {
    const eps = rules.programmes.find((programme) => programme.id === "eps-deposit")!;
    const canTho = rules.programmes.find((programme) => programme.id === "can-tho-nq02")!;
    expect(eps.rate.rule).toBe("not-confirmed");
    expect(eps.maxLoan).toMatchObject({ rule: "deposit-amount", capVnd: 100_000_000 });
    expect(eps.term).toMatchObject({ capMonths: 64 });
    for (const part of ["maxLoan", "collateral", "rate", "overdue", "term"] as const) expect(canTho[part].rule).toBe("not-confirmed");
    expect(canTho.eligibility.status).toBe("not-confirmed");
  });

  it("cite an issuer and a date for every source", () => {
    for (const source of Object.values(rules.sources)) {
      expect(source.issuer).not.toBe("");
      expect(source.date).toMatch(/^\d{4}/);
    }
  });

  it("have every text they need in both languages", () => {
    const missing = textKeysOfRules(rules).filter((key) => !texts.has(key));
    expect(missing).toEqual([]);
  });

  it("stop the loan check from starting when one of their texts is missing", () => {
    const withoutOne = { has: (key: string) => key !== "loan.programme.national.where" && texts.has(key) };
    expect(() => createLoanCheckFeature({ rules, texts: withoutOne })).toThrow(/loan\.programme\.national\.where/);
  });

  it("refuse a rule that cites a source that does not exist, naming it", () => {
    const dir = rulesWith("programmes.yaml", (text) => text.replace("sources: [nd338-muc-vay,", "sources: [nd-999,"));
    expect(() => loadLoanRules(dir)).toThrow(/national maxLoan: unknown source "nd-999"/);
  });

  it("refuse a malformed value, naming the file and the field", () => {
    const dir = rulesWith("rates.yaml", (text) => text.replace("annualPercent: 6.6", "annualPercent: about six"));
    expect(() => loadLoanRules(dir)).toThrow(LoanRulesInvalid);
    expect(() => loadLoanRules(dir)).toThrow(/rates\.yaml: poorHouseholdRate\.annualPercent/);
  });

  it("refuse a status other than confirmed or not-confirmed", () => {
    const dir = rulesWith("programmes.yaml", (text) => text.replace("status: confirmed", "status: probably"));
    expect(() => loadLoanRules(dir)).toThrow(/programmes\.yaml/);
  });
});
