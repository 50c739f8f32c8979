import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../../src/paths.js";
import { loadEnglishReader } from "../../../src/knowledge/question/english.js";
import { loadMarketFinder } from "../../../src/knowledge/question/markets.js";
import { questionParts } from "../../../src/knowledge/question/parts.js";
import { withoutPersonalContext } from "../../../src/knowledge/question/personal-context.js";

const english = loadEnglishReader(path.join(contentDir, "search", "english.yaml"));
const markets = loadMarketFinder(path.join(contentDir, "search", "markets.yaml"));

describe("English questions", () => {
  it.each(["how much can I borrow to go to Japan", "Is there a deposit for Korea?", "what is the interest rate of the loan"])(
    "recognises %s as English",
    (question) => expect(english.isEnglish(question)).toBe(true),
  );

  it.each(["vay di nhat duoc bao nhieu", "con toi di han co can ky quy khong", "ok", "tts là gì"])("does not take %s for English", (question) => {
    expect(english.isEnglish(question)).toBe(false);
  });

  it("puts the English words in the entries' Vietnamese, longest phrase first", () => {
    expect(english.toVietnamese("How much can I borrow to go to Japan?")).toBe("duoc vay toi da bao nhieu nhat ban");
    expect(english.toVietnamese("is the service fee refunded if I come back early")).toBe("tien dich vu hoan tra ve nuoc truoc han");
  });
});

describe("destinations", () => {
  it("finds a country named in full or after a word of going there", () => {
    expect(markets("con tôi muốn đi Nhật")).toEqual(["japan"]);
    expect(markets("di han ton bao nhieu")).toEqual(["korea"]);
    expect(markets("xklđ Đài Loan lương bao nhiêu")).toEqual(["taiwan"]);
  });

  it("does not read the country into other words with the same letters", () => {
    expect(markets("vay tối đa bao nhiêu, ít nhất bao nhiêu")).toEqual([]);
    expect(markets("thời hạn vay mấy năm, quá hạn thì sao")).toEqual([]);
    expect(markets("giáo dục định hướng học ở đâu")).toEqual([]);
    expect(markets("giao duc dinh huong hoc o dau")).toEqual([]);
  });

  it("takes the destinations out of a question to carry it to another one", () => {
    expect(markets.without("con tôi đi Nhật vay được bao nhiêu")).toBe("con toi di vay duoc bao nhieu");
  });
});

describe("personal context", () => {
  it("cuts greetings, ages, the commune and thanks, and keeps the question", () => {
    expect(withoutPersonalContext("Chào ad, em 19 tuổi ở xã Bình Điền, muốn đi Nhật thì vay được bao nhiêu ạ, em cảm ơn")).toBe(
      "muốn đi Nhật thì vay được bao nhiêu ạ,",
    );
  });

  it("keeps a province, which decides whose programmes apply", () => {
    expect(withoutPersonalContext("Tỉnh Sóc Trăng có chính sách cho vay không")).toBe("Tỉnh Sóc Trăng có chính sách cho vay không");
  });

  it("keeps a commune that is the subject of the question", () => {
    expect(withoutPersonalContext("Phường Hương Trà gồm những xã nào")).toBe("Phường Hương Trà gồm những xã nào");
  });

  it("searches a message that is nothing but context as it was typed", () => {
    expect(withoutPersonalContext("cảm ơn")).toBe("cảm ơn");
  });
});

describe("questions in parts", () => {
  it("cuts a message at question marks and at words that start another question", () => {
    expect(questionParts("Vay 150 triệu có phải thế chấp không? Lãi suất bao nhiêu?")).toEqual(["Vay 150 triệu có phải thế chấp không", "Lãi suất bao nhiêu"]);
    expect(questionParts("đi Nhật vay được bao nhiêu, còn đi Hàn thì ký quỹ bao nhiêu")).toHaveLength(2);
  });

  it("keeps one question that only joins two words with 'và'", () => {
    expect(questionParts("vay và trả nợ thế nào")).toEqual(["vay và trả nợ thế nào"]);
  });

  it("answers at most three parts", () => {
    expect(questionParts("vay bao nhiêu? lãi bao nhiêu? trả mấy năm? nộp ở đâu?")).toHaveLength(3);
  });
});

describe("loan amounts", () => {
  it("reads the amount a question names, above or below a figure", async () => {
    const { loanAmountIn } = await import("../../../src/knowledge/question/amounts.js");
    expect(loanAmountIn("vay 250 triệu có phải thế chấp không")).toBe(250_000_000);
    expect(loanAmountIn("vay tren 200tr")).toBe(200_000_001);
    expect(loanAmountIn("vay 1,2 tỷ")).toBe(1_200_000_000);
    expect(loanAmountIn("vay dưới 200 củ")).toBe(199_999_999);
    expect(loanAmountIn("con tôi 19 tuổi")).toBeUndefined();
  });
});
