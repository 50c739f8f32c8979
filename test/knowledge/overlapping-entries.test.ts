import { describe, expect, it } from "vitest";
import { defaultOverlapRule, describeOverlap, findOverlappingEntries } from "../../src/knowledge/overlapping-entries.js";
import { entry, knowledgeOf } from "./small-knowledge.js";

const loanCeiling = entry("loan-max-amount");
const sameQuestionOtherWords = entry("loan-how-much", {
  questions: [
    "Được vay tối đa bao nhiêu tiền để đi làm việc ở nước ngoài?",
    "vay toi da duoc bao nhieu tien",
    "vay dc toi da bn tr",
    "mức vay tối đa là bao nhiêu",
  ],
  answer: "Mức vay tối đa là 100% chi phí ghi trong hợp đồng đưa đi.",
});
const taiwanDeposit = entry("deposit-taiwan", {
  questions: [
    "Đi Đài Loan phải ký quỹ bao nhiêu?",
    "ky quy di dai loan toi da bao nhieu",
    "đi đài ký quỹ 12tr đúng ko",
    "thuyền viên tàu cá Đài Loan có phải ký quỹ không",
  ],
  answer: "Đi Đài Loan ký quỹ tối đa 12 triệu đồng; thuyền viên tàu cá xa bờ không phải ký quỹ.",
  topics: ["deposit"],
});
const tattoo = entry("market-japan-tattoo", {
  questions: [
    "Có hình xăm có đi Nhật được không?",
    "co hinh xam di nhat duoc khong",
    "xăm nhỏ ở tay đi nhật đc ko",
    "xóa hình xăm rồi có đi thực tập sinh được không",
  ],
  answer: "Luật không cấm; yêu cầu về hình xăm là của từng đơn hàng.",
  topics: ["conditions"],
});

describe("entries that retrieve each other", () => {
  it("flags two entries that answer the same question in other words", () => {
    const pairs = findOverlappingEntries(knowledgeOf([loanCeiling, sameQuestionOtherWords, taiwanDeposit, tattoo]));
    expect(pairs.map((pair) => pair.ids)).toEqual([["loan-how-much", "loan-max-amount"]]);
    expect(Math.min(...pairs[0]!.shares)).toBeGreaterThanOrEqual(defaultOverlapRule.share);
  });

  it("leaves entries about different things apart", () => {
    expect(findOverlappingEntries(knowledgeOf([loanCeiling, taiwanDeposit, tattoo]))).toEqual([]);
  });

  it("needs each of the two to come close on the other's questions, not one of them only", () => {
    const knowledge = knowledgeOf([loanCeiling, sameQuestionOtherWords, taiwanDeposit, tattoo]);
    const all = findOverlappingEntries(knowledge, { ...defaultOverlapRule, share: 0 });
    const lopsided = all.find((pair) => pair.shares[0] !== pair.shares[1])!;
    const [lower, higher] = [Math.min(...lopsided.shares), Math.max(...lopsided.shares)];
    const flaggedAt = (share: number) =>
      findOverlappingEntries(knowledge, { ...defaultOverlapRule, share }).some((pair) => pair.ids.join() === lopsided.ids.join());
    expect(flaggedAt(lower)).toBe(true);
    expect(flaggedAt((lower + higher) / 2)).toBe(false);
  });

  it("tells curators both ids, how close they came and what to do", () => {
    expect(describeOverlap({ ids: ["a-entry", "b-entry"], shares: [0.5, 0.61] })).toBe(
      '"a-entry" and "b-entry" retrieve each other (each gets 0.50 / 0.61 of the other\'s top score, limit 0.4): merge them (the other id becomes an alias) or make their questions say what differs',
    );
  });
});
