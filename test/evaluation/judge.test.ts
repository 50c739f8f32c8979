import { describe, expect, it } from "vitest";
import { judge, type Observation } from "../../src/evaluation/judge.js";

const same = (id: string) => id;
const seen = (fields: Partial<Observation>): Observation => ({ kind: "other", entryIds: [], candidates: [], said: "", ...fields });

describe("judging what a person got", () => {
  const wanted = { kind: "entries" as const, ids: ["loan-max-amount", "hue-loans-nhcsxh"] };

  it("counts an answer with any acceptable entry as right, and another entry as wrong", () => {
    expect(judge(wanted, seen({ kind: "answer", entryIds: ["hue-loans-nhcsxh"] }), same)).toBe("right");
    expect(judge(wanted, seen({ kind: "answer", entryIds: ["loan-collateral"] }), same)).toBe("wrong-entry");
  });

  it("tells 'did you mean' with the right entry first, among the choices, or absent", () => {
    expect(judge(wanted, seen({ kind: "clarify", candidates: ["loan-max-amount", "loan-term"] }), same)).toBe("clarify-first");
    expect(judge(wanted, seen({ kind: "clarify", candidates: ["loan-term", "loan-max-amount"] }), same)).toBe("clarify-among");
    expect(judge(wanted, seen({ kind: "clarify", candidates: ["loan-term"] }), same)).toBe("clarify-absent");
  });

  it("calls a refusal of an in-scope question refused, and a form started instead a flow by mistake", () => {
    expect(judge(wanted, seen({ kind: "fallback" }), same)).toBe("refused");
    expect(judge(wanted, seen({ kind: "flow", flow: "loan-check" }), same)).toBe("flow-by-mistake");
  });

  it("resolves merged ids on both sides", () => {
    const resolve = (id: string) => (id === "old-id" ? "loan-max-amount" : id);
    expect(judge({ kind: "entries", ids: ["old-id"] }, seen({ kind: "answer", entryIds: ["loan-max-amount"] }), resolve)).toBe("right");
  });

  it("counts any entry given to an out-of-scope question as the worst failure", () => {
    expect(judge({ kind: "out-of-scope" }, seen({ kind: "answer", entryIds: ["loan-max-amount"] }), same)).toBe("out-of-scope-answered");
    expect(judge({ kind: "out-of-scope" }, seen({ kind: "fallback" }), same)).toBe("right");
  });

  it("wants small talk, a form offered or started, staff, or the company list when those were asked for", () => {
    expect(judge({ kind: "smalltalk" }, seen({ kind: "smalltalk" }), same)).toBe("right");
    expect(judge({ kind: "flow", flow: "registration" }, seen({ kind: "offer", flow: "registration" }), same)).toBe("right");
    expect(judge({ kind: "flow", flow: "registration" }, seen({ kind: "flow", flow: "loan-check" }), same)).toBe("missed");
    expect(judge({ kind: "staff" }, seen({ kind: "flow", flow: "staff" }), same)).toBe("right");
    expect(judge({ kind: "company-check" }, seen({ kind: "answer", entryIds: ["company-how-to-check-license"] }), same)).toBe("missed");
  });
});
