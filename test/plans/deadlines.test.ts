import { describe, expect, it } from "vitest";
import { upcomingDeadlines, type Plan } from "../../src/plans/index.js";

function plan(code: string, schedule: Plan["schedule"]): Plan {
  return {
    code,
    name: `Plan ${code}`,
    province: "hue",
    source: { document: "Kế hoạch mẫu", article: "Điều 1", confidence: "SEED" },
    schedule,
    targets: [],
  };
}

const monthlyOn10 = plan("monthly", [{ what: "Danh sách hằng tháng", every: "month", day: 10, source: "Phụ lục IV", confirmed: true }]);
const huongTra = plan("huong-tra", [
  { what: "Báo cáo 6 tháng", every: "year", month: 6, day: 20, source: "KH 2740", confirmed: true },
  { what: "Báo cáo năm", every: "year", month: 11, day: 30, source: "KH 2740", confirmed: true },
]);

const dates = (from: string, plans: Plan[]) => upcomingDeadlines(plans, from).map(({ plan, what, date, daysLeft }) => ({ plan, what, date, daysLeft }));

describe("reporting deadlines", () => {
  it("gives the 10th of this month while it has not passed", () => {
    expect(dates("2026-03-04", [monthlyOn10])).toEqual([{ plan: "monthly", what: "Danh sách hằng tháng", date: "2026-03-10", daysLeft: 6 }]);
  });

  it("gives the 10th of next month once this month's has passed, across a month end", () => {
    expect(dates("2026-01-31", [monthlyOn10])[0]).toMatchObject({ date: "2026-02-10", daysLeft: 10 });
  });

  it("moves to January of the next year after the December deadline", () => {
    expect(dates("2026-12-11", [monthlyOn10])[0]).toMatchObject({ date: "2027-01-10", daysLeft: 30 });
    expect(dates("2026-12-01", [huongTra])).toEqual([
      { plan: "huong-tra", what: "Báo cáo 6 tháng", date: "2027-06-20", daysLeft: 201 },
      { plan: "huong-tra", what: "Báo cáo năm", date: "2027-11-30", daysLeft: 364 },
    ]);
  });

  it("counts a deadline that falls today as due today, not next year", () => {
    expect(dates("2026-06-20", [huongTra])[0]).toEqual({ plan: "huong-tra", what: "Báo cáo 6 tháng", date: "2026-06-20", daysLeft: 0 });
    expect(dates("2026-06-10", [monthlyOn10])[0]).toMatchObject({ date: "2026-06-10", daysLeft: 0 });
  });

  it("puts a day past a month's end on its last day, in leap and common years", () => {
    const monthEnd = plan("month-end", [{ what: "Cuối tháng", every: "month", day: 31, source: "x", confirmed: true }]);
    expect(dates("2028-02-01", [monthEnd])[0]).toMatchObject({ date: "2028-02-29" });
    expect(dates("2026-02-01", [monthEnd])[0]).toMatchObject({ date: "2026-02-28" });
    expect(dates("2026-04-30", [monthEnd])[0]).toMatchObject({ date: "2026-04-30", daysLeft: 0 });
  });

  it("lists every plan's deadlines soonest first, with the source and whether the date is confirmed", () => {
    const unconfirmed = plan("soc-trang", [{ what: "Báo cáo năm", every: "year", month: 12, day: 10, source: "chưa rõ", confirmed: false }]);
    const all = upcomingDeadlines([unconfirmed, huongTra, monthlyOn10], "2026-11-15");
    expect(all.map((deadline) => [deadline.plan, deadline.date])).toEqual([
      ["huong-tra", "2026-11-30"],
      ["monthly", "2026-12-10"],
      ["soc-trang", "2026-12-10"],
      ["huong-tra", "2027-06-20"],
    ]);
    expect(all[2]).toMatchObject({ source: "chưa rõ", confirmed: false, planName: "Plan soc-trang" });
  });
});
