import { describe, expect, it } from "vitest";
import { parseAmount, parseDuration } from "../../src/loans/index.js";

describe("reading an amount of money", () => {
  it.each([
    ["150 triệu", 150_000_000],
    ["150tr", 150_000_000],
    ["150 tr", 150_000_000],
    ["150 trieu", 150_000_000],
    ["150 TRIỆU", 150_000_000],
    ["150.000.000", 150_000_000],
    ["150,000,000", 150_000_000],
    ["150 000 000", 150_000_000],
    ["150.000.000đ", 150_000_000],
    ["150.000.000 VNĐ", 150_000_000],
    ["150 triệu đồng", 150_000_000],
    ["1,5 tỷ", 1_500_000_000],
    ["1.5 ty", 1_500_000_000],
    ["1,5 tỉ", 1_500_000_000],
    ["2 tỷ", 2_000_000_000],
    ["150m", 150_000_000],
    ["150 million", 150_000_000],
    ["1.2 billion", 1_200_000_000],
    ["500k", 500_000],
    ["500 nghìn", 500_000],
    ["1 tỷ 200 triệu", 1_200_000_000],
    ["1tr5", 1_500_000],
    ["1 tỷ 250", 1_250_000_000],
    ["khoảng 150 triệu", 150_000_000],
    ["150tr.", 150_000_000],
    ["147.500.000", 147_500_000],
    ["1.500,5 triệu", 1_500_500_000],
    ["10 tỷ", 10_000_000_000],
  ])("reads %j as %d VND", (text, vnd) => {
    expect(parseAmount(text)).toEqual({ ok: true, vnd });
  });

  it.each([
    ["-150 triệu", "negative"],
    ["âm 5 triệu", "negative"],
    ["-150.000.000", "negative"],
    ["0", "zero"],
    ["0 đồng", "zero"],
    ["0 triệu", "zero"],
    ["11 tỷ", "too-large"],
    ["10.000.000.001", "too-large"],
    ["999 tỷ", "too-large"],
  ])("refuses %j because it is %s", (text, problem) => {
    expect(parseAmount(text)).toMatchObject({ ok: false, problem });
  });

  it("asks for the unit of a bare small number and suggests millions", () => {
    expect(parseAmount("150")).toEqual({ ok: false, problem: "missing-unit", suggestionVnd: 150_000_000 });
  });

  it("asks for the unit of a bare decimal without guessing", () => {
    expect(parseAmount("1,5")).toEqual({ ok: false, problem: "missing-unit", suggestionVnd: undefined });
  });

  it.each(["", "abc", "nhiều tiền lắm", "150 đô", "triệu", "150 triệu 200 tỷ", "1.50.0", "1tr5tr", "150 triệu rưỡi nữa"])(
    "gives a typed failure for %j instead of a number",
    (text) => {
      expect(parseAmount(text)).toEqual({ ok: false, problem: "unreadable" });
    },
  );
});

describe("reading a duration", () => {
  it.each([
    ["3 năm", 36],
    ["3 nam", 36],
    ["36 tháng", 36],
    ["36 thang", 36],
    ["36 th", 36],
    ["3 years", 36],
    ["1 year", 12],
    ["36 months", 36],
    ["2,5 năm", 30],
    ["1.5 years", 18],
    ["5 năm 4 tháng", 64],
    ["4 nam 10 thang", 58],
    ["3 năm 6", 42],
    ["khoảng 3 năm", 36],
    ["120 tháng", 120],
  ])("reads %j as %d months", (text, months) => {
    expect(parseDuration(text)).toEqual({ ok: true, months });
  });

  it.each([
    ["-3 năm", "negative"],
    ["0 tháng", "zero"],
    ["0", "zero"],
    ["11 năm", "too-long"],
    ["121 tháng", "too-long"],
    ["36", "missing-unit"],
    ["ba năm", "unreadable"],
    ["3 tuần", "unreadable"],
    ["6 tháng 3 năm", "unreadable"],
    ["", "unreadable"],
  ])("refuses %j because it is %s", (text, problem) => {
    expect(parseDuration(text)).toEqual({ ok: false, problem });
  });
});
