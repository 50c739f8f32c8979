import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../../src/knowledge/question-log.js";
import { knowledge } from "./helpers.js";

const bestFor = (question: string, province?: string) => knowledge.search(question, { province, limit: 1 })[0]?.id;

describe("knowledge search", () => {
  it("finds the same entry with and without diacritics", () => {
    const accented = bestFor("Vay trên 200 triệu có phải thế chấp tài sản không?");
    expect(accented).toBe("loan-collateral");
    expect(bestFor("vay tren 200 trieu co phai the chap tai san khong")).toBe(accented);
  });

  it("understands chat shorthand", () => {
    expect(bestFor("vay tren 200tr co phai the chap ts ko")).toBe("loan-collateral");
  });

  it("tolerates a typo in a syllable", () => {
    expect(bestFor("vay tren 200 trieu co phai the chapp tai san khong")).toBe("loan-collateral");
  });

  it("ranks a province's own programme first for people from that province", () => {
    const question = "nghị quyết hỗ trợ vay vốn của tỉnh cho người đi làm việc nước ngoài";
    expect(knowledge.search(question, { province: "can-tho", limit: 1 })[0]!.entry.jurisdiction).toBe("can-tho");
    expect(knowledge.search(question, { province: "hue", limit: 1 })[0]!.entry.jurisdiction).toBe("hue");
  });

  it("answers a loan question naming a destination with the loan rules, directly", () => {
    // Without the loan subject, an entry about Japan sharing "đi Nhật … được bao nhiêu" (the age limit) came first,
    // and the old rule the entry replaced made the question look ambiguous.
    expect(bestFor("vay đi Nhật được bao nhiêu?")).toBe("loan-max-amount");
    expect(knowledge.answer("vay đi Nhật được bao nhiêu?")).toMatchObject({ kind: "answer", entry: { id: "loan-max-amount" } });
  });

  it("recognises old province names", () => {
    expect(knowledge.provinceIn("em ở Sóc Trăng")).toBe("can-tho");
    expect(knowledge.provinceIn("nha o thua thien hue")).toBe("hue");
  });
});

describe("knowledge answers", () => {
  it("answers a clear question with its entry", () => {
    const result = knowledge.answer("Đi làm việc ở nước ngoài vay trên 200 triệu có phải thế chấp tài sản không?");
    expect(result.kind).toBe("answer");
    expect(result.kind === "answer" && result.entry.id).toBe("loan-collateral");
  });

  it.each([
    "vay mua nhà lãi suất bao nhiêu",
    "mua xe máy trả góp cần giấy tờ gì",
    "đăng ký kết hôn với người Nhật cần gì",
    "làm lại căn cước ở đâu",
    "thi bằng lái xe máy bao nhiêu tiền",
    "thời tiết Huế ngày mai",
    "bị sốt uống thuốc gì",
  ])("refuses the near-miss %s instead of guessing", (question) => {
    expect(knowledge.answer(question).kind).toBe("fallback");
  });

  it("falls back on a question about nothing we know", () => {
    expect(knowledge.answer("công thức nấu phở bò").kind).toBe("fallback");
  });
});

describe("personal data in logged questions", () => {
  it("masks phone numbers and ID-like numbers but keeps amounts", () => {
    expect(maskPersonalData("sdt em 0912 345 678, cccd 079203001234, vay 150 trieu")).toBe("sdt em [số đã ẩn], cccd [số đã ẩn], vay 150 trieu");
    expect(maskPersonalData("goi +84912345678 nhe")).toBe("goi [số đã ẩn] nhe");
  });
});
