import { describe, expect, it } from "vitest";
import { isLoanCheckRequest } from "../../src/loans/index.js";

describe("recognising a request for the loan check in free text", () => {
  it.each([
    "tính thử khoản vay",
    "tinh thu khoan vay",
    "Tính lãi vay",
    "tinh lai vay giup em",
    "tính giúp tôi khoản vay 150 triệu",
    "ước tính tiền vay đi Nhật",
    "vay 150 triệu thì mỗi tháng trả bao nhiêu",
    "loan calculator",
    "calculate my loan",
  ])("starts the check for %j", (text) => {
    expect(isLoanCheckRequest(text)).toBe(true);
  });

  it.each(["lãi suất vay được tính thế nào", "vay tối đa bao nhiêu", "hồ sơ vay gồm những gì", "đi Nhật mất bao nhiêu tiền", "what is the interest rate", ""])(
    "leaves %j to the knowledge base",
    (text) => {
      expect(isLoanCheckRequest(text)).toBe(false);
    },
  );
});
