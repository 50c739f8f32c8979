import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { groupKeyOf } from "../../src/knowledge/curation/group-key.js";
import { defaultSimilarity, groupQuestions, type LoggedQuestion } from "../../src/knowledge/curation/grouping.js";
import { loadEvaluationSets } from "../../src/evaluation/sets.js";
import { knowledge } from "./helpers.js";
import { maskPersonalData } from "../../src/knowledge/question-log.js";

function logged(question: string, overrides: Partial<LoggedQuestion> = {}): LoggedQuestion {
  return { question, groupKey: groupKeyOf(question), outcome: "fallback", entryId: null, createdAt: new Date("2026-11-01T00:00:00Z"), ...overrides };
}

describe("the group key of a question", () => {
  it("is the same whatever the accents, case, word order and polite particles", () => {
    expect(groupKeyOf("Cho hỏi vay vốn đi Nhật được không ạ?")).toBe(groupKeyOf("vay von di nhat ko"));
    expect(groupKeyOf("Đi Nhật vay vốn nhé")).toBe("di nhat vay von");
  });

  it("keeps the word that matters apart from particles", () => {
    expect(groupKeyOf("vay vốn đi Hàn")).not.toBe(groupKeyOf("vay vốn đi Nhật"));
  });

  it("leaves masked numbers out", () => {
    expect(groupKeyOf(maskPersonalData("số 0912345678 của tôi vay được không"))).toBe("cua so vay");
  });
});

describe("grouping questions", () => {
  it("counts the questions of one key, with first and last seen, outcomes and distinct examples newest first", () => {
    const groups = groupQuestions([
      logged("vay đi Nhật được không", { createdAt: new Date("2026-11-01T00:00:00Z"), outcome: "clarify", entryId: "loan-who-can-borrow" }),
      logged("Vay đi nhật được không ạ", { createdAt: new Date("2026-11-03T00:00:00Z") }),
      logged("vay đi Nhật được không", { createdAt: new Date("2026-11-02T00:00:00Z"), outcome: "clarify", entryId: "loan-who-can-borrow" }),
    ]);
    expect(groups).toEqual([
      {
        keys: ["di nhat vay"],
        count: 3,
        firstSeen: new Date("2026-11-01T00:00:00Z"),
        lastSeen: new Date("2026-11-03T00:00:00Z"),
        examples: ["Vay đi nhật được không ạ", "vay đi Nhật được không"],
        outcomes: { fallback: 1, clarify: 2 },
        suggestedEntryId: "loan-who-can-borrow",
      },
    ]);
  });

  it("keeps at most five examples", () => {
    const questions = ["a", "b", "c", "d", "e", "f"].map((letter, day) =>
      logged(`vay đi Nhật ${letter}`, { groupKey: "di nhat vay", createdAt: new Date(Date.UTC(2026, 10, day + 1)) }),
    );
    expect(groupQuestions(questions)[0]!.examples).toEqual(["vay đi Nhật f", "vay đi Nhật e", "vay đi Nhật d", "vay đi Nhật c", "vay đi Nhật b"]);
  });

  it("suggests the entry found most often", () => {
    const [group] = groupQuestions([
      logged("lãi suất vay", { entryId: "loan-interest-rate-rule" }),
      logged("lãi suất vay", { entryId: "loan-overdue-rate" }),
      logged("lãi suất vay", { entryId: "loan-overdue-rate" }),
    ]);
    expect(group!.suggestedEntryId).toBe("loan-overdue-rate");
  });

  it("joins a question that differs by one word, the bigger group first", () => {
    const groups = groupQuestions([
      logged("hồ sơ vay vốn đi Hàn Quốc cần những gì"),
      logged("hồ sơ vay vốn đi Hàn Quốc cần những gì"),
      logged("hồ sơ vay vốn đi Hàn Quốc gồm những gì"),
      logged("lệ phí làm hộ chiếu bao nhiêu"),
    ]);
    expect(groups.map((group) => group.count)).toEqual([3, 1]);
    expect(groups[0]!.keys).toEqual([groupKeyOf("hồ sơ vay vốn đi Hàn Quốc cần những gì"), groupKeyOf("hồ sơ vay vốn đi Hàn Quốc gồm những gì")]);
  });

  it("keeps apart questions that share only a few words", () => {
    const groups = groupQuestions([logged("vay vốn đi Nhật lãi suất bao nhiêu"), logged("đi Nhật cần bằng tiếng Nhật gì")]);
    expect(groups).toHaveLength(2);
  });

  it("never joins dev questions about different entries at the default similarity", () => {
    const questions = loadEvaluationSets(`${contentDir}/eval`).legacy.flatMap((question) =>
      question.expect.kind === "entries" ? [{ text: question.text, entryId: knowledge.entry(question.expect.ids[0]!)!.id }] : [],
    );
    const rows = questions.map((question) => logged(question.text, { entryId: question.entryId }));
    const mixed = groupQuestions(rows, defaultSimilarity).filter((group) => {
      const expected = new Set(rows.filter((row) => group.keys.includes(row.groupKey)).map((row) => row.entryId));
      return expected.size > 1;
    });
    expect(mixed).toEqual([]);
  });
});
