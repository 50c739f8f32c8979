import { describe, expect, it } from "vitest";
import { judge } from "../../src/evaluation/judge.js";
import { entry, knowledgeOf } from "./small-knowledge.js";

describe("former ids of merged entries", () => {
  const knowledge = knowledgeOf([
    entry("loan-max-amount", { aliases: ["fee-loan-cap", "old-loan-limit"] }),
    entry("deposit-taiwan", {
      questions: ["Đi Đài Loan ký quỹ bao nhiêu?", "ky quy dai loan bao nhieu", "đi đài ký quỹ 12tr đúng ko", "tiền ký quỹ Đài Loan tối đa"],
      answer: "Đi Đài Loan ký quỹ tối đa 12 triệu đồng.",
    }),
  ]);

  it("lead to the entry they were merged into", () => {
    expect(knowledge.entry("fee-loan-cap")?.id).toBe("loan-max-amount");
    expect(knowledge.entry("old-loan-limit")?.id).toBe("loan-max-amount");
    expect(knowledge.entry("loan-max-amount")?.id).toBe("loan-max-amount");
    expect(knowledge.entry("nothing-like-it")).toBeUndefined();
  });

  it("count a development question written for the old id as answered by the merged entry", () => {
    const result = knowledge.answer("vay tối đa được bao nhiêu tiền");
    const answered = result.kind === "answer" ? [result.entry.id] : [];
    const resolve = (id: string) => knowledge.entry(id)?.id ?? id;
    const observed = { kind: "answer" as const, entryIds: answered, candidates: [], said: "" };
    expect(judge({ kind: "entries", ids: ["fee-loan-cap"] }, observed, resolve)).toBe("right");
  });
});
