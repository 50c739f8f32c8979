import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { loadPlans } from "../../src/plans/index.js";
import type { RegistrationFacts } from "../../src/registrations/index.js";
import { communesWithoutRecords, coveredPeriod, parseReportPeriod, remindersDue, upcomingReportingItems } from "../../src/reports/index.js";

const plans = loadPlans(path.join(contentDir, "plans", "plans.yaml"), (code) => ["can-tho", "hue"].includes(code));

describe("report periods", () => {
  it("reads a month, a half-year and a year as calendar days", () => {
    expect(parseReportPeriod("2026-11")).toMatchObject({ kind: "month", firstDay: "2026-11-01", lastDay: "2026-11-30" });
    expect(parseReportPeriod("2024-02")).toMatchObject({ lastDay: "2024-02-29" });
    expect(parseReportPeriod("2026-H1")).toMatchObject({ kind: "half", firstDay: "2026-01-01", lastDay: "2026-06-30" });
    expect(parseReportPeriod("2026-H2")).toMatchObject({ kind: "half", firstDay: "2026-07-01", lastDay: "2026-12-31" });
    expect(parseReportPeriod("2026")).toMatchObject({ kind: "year", firstDay: "2026-01-01", lastDay: "2026-12-31" });
    for (const wrong of ["2026-13", "2026-H3", "26", "2026-Q1", "1999"]) expect(parseReportPeriod(wrong), wrong).toBeUndefined();
  });

  it("knows which period each kind of deadline covers", () => {
    expect(coveredPeriod("month", "2026-12-10")).toBe("2026-11");
    expect(coveredPeriod("month", "2027-01-10")).toBe("2026-12");
    expect(coveredPeriod("year", "2026-06-20")).toBe("2026-H1");
    expect(coveredPeriod("year", "2026-11-30")).toBe("2026");
  });
});

describe("reporting items and reminders", () => {
  it("lists what is due within the days asked, with the period to produce", () => {
    const items = upcomingReportingItems(plans, "2026-11-25", 20);
    expect(items.map((item) => [item.plan, item.what, item.date, item.daysLeft, item.period])).toEqual([
      ["kh2740-huong-tra", "Báo cáo năm", "2026-11-30", 5, "2026"],
      ["nq02-2023-soc-trang", "Danh sách người đăng ký hằng tháng (Phụ lục IV)", "2026-12-10", 15, "2026-11"],
      ["nq02-2023-soc-trang", "Báo cáo năm", "2026-12-10", 15, "2026"],
    ]);
  });

  it("reminds seven and two days ahead by default, once per item and day", () => {
    expect(remindersDue(plans, "2026-06-13").map((item) => [item.what, item.period, item.daysLeft, item.key])).toEqual([
      ["Báo cáo 6 tháng", "2026-H1", 7, "kh2740-huong-tra|Báo cáo 6 tháng|2026-06-20|7"],
    ]);
    expect(remindersDue(plans, "2026-06-18").map((item) => item.daysLeft)).toEqual([2]);
    expect(remindersDue(plans, "2026-06-15")).toEqual([]);
    expect(remindersDue(plans, "2026-12-05", [5]).map((item) => [item.plan, item.what])).toEqual([
      ["nq02-2023-soc-trang", "Danh sách người đăng ký hằng tháng (Phụ lục IV)"],
      ["nq02-2023-soc-trang", "Báo cáo năm"],
    ]);
  });
});

let ids = 0;
function facts(commune: [string, string] | null, status: RegistrationFacts["status"], recordedOn: string[]): RegistrationFacts {
  return {
    id: `r${++ids}`,
    registeredOn: "2026-09-01",
    provinceCode: "hue",
    communeKey: commune?.[0] ?? null,
    communeName: commune?.[1] ?? null,
    applicantType: "worker",
    programme: "technical_intern",
    desiredCountry: "japan",
    status,
    reachedOn: { contacted: null, eligible: null, loanApplied: null, departed: null },
    recordedOn,
    outcomes: [],
  };
}

describe("communes without records this month", () => {
  const huongTra: [string, string] = ["huong tra", "Phường Hương Trà"];
  const kimTra: [string, string] = ["kim tra", "Phường Kim Trà"];
  const binhDien: [string, string] = ["binh dien", "Xã Bình Điền"];

  it("names the communes with registrations waiting and nothing recorded in the month", () => {
    const all = [
      facts(huongTra, "eligible", ["2026-10-03"]),
      facts(huongTra, "loan_applied", ["2026-09-20", "2026-12-01"]),
      facts(kimTra, "eligible", ["2026-10-15"]),
      facts(kimTra, "contacted", []),
      facts(kimTra, "contacted", ["2027-01-05"]),
      // Nothing waits here: no reminder, however long ago the last record.
      facts(binhDien, "departed", ["2026-03-01"]),
      facts(null, "eligible", []),
    ];
    expect(communesWithoutRecords(all, "2026-12")).toEqual([
      { communeKey: "kim tra", communeName: "Phường Kim Trà", openRegistrations: 3, lastRecordedOn: "2026-10-15" },
    ]);
    expect(communesWithoutRecords(all, "2026-10").map((commune) => commune.communeKey)).toEqual([]);
    expect(communesWithoutRecords(all, "2026-11").map((commune) => [commune.communeKey, commune.lastRecordedOn])).toEqual([
      ["kim tra", "2026-10-15"],
      ["huong tra", "2026-10-03"],
    ]);
  });
});
