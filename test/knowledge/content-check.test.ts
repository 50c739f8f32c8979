import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { formatProblem, loadEntries, loadKnowledgeBase } from "../../src/knowledge/index.js";
import { describeOverlap, findOverlappingEntries } from "../../src/knowledge/overlapping-entries.js";

const validEntry = {
  id: "loan-max",
  title: "Mức vay tối đa",
  questions: ["Vay tối đa bao nhiêu?", "vay toi da bao nhieu", "vay dc bn", "được vay bao nhiêu tiền"],
  answer: "Tối đa 100% chi phí phải trả trước khi đi, theo hợp đồng.",
  sources: [{ document: "Nghị định 338/2025/NĐ-CP", title: "Quy định chi tiết", article: "Điều 12", issuer: "Chính phủ", date: "2025-12" }],
  status: "confirmed",
  jurisdiction: "national",
  topics: ["loans"],
  followUps: [],
  reviewedAt: "2026-11-23",
};

function problemsFor(entries: object[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-"));
  fs.writeFileSync(path.join(dir, "test.yaml"), JSON.stringify({ entries }));
  return loadEntries(dir, "2026-11-23").problems.map(formatProblem);
}

describe("knowledge content check", () => {
  it("accepts a complete entry", () => {
    expect(problemsFor([validEntry])).toEqual([]);
  });

  it("names the file, entry and field of a schema error", () => {
    expect(problemsFor([{ ...validEntry, answer: "x".repeat(1001) }])).toEqual([
      "test.yaml › loan-max › answer: must be under 1,000 characters to read well on a phone",
    ]);
  });

  it("finds duplicate ids", () => {
    expect(problemsFor([validEntry, validEntry])).toEqual(["test.yaml › loan-max › id: is already used in test.yaml"]);
  });

  it("finds broken follow-up links", () => {
    expect(problemsFor([{ ...validEntry, followUps: ["nowhere"] }])).toEqual(['test.yaml › loan-max › followUps: links to unknown entry "nowhere"']);
  });

  it("requires at least one source", () => {
    expect(problemsFor([{ ...validEntry, sources: [] }])).toEqual(["test.yaml › loan-max › sources: must list at least one source"]);
  });

  it("requires a successor for an expired entry", () => {
    expect(problemsFor([{ ...validEntry, validUntil: "2026-06-30" }])).toEqual([
      "test.yaml › loan-max › supersededBy: is required: the entry expired on 2026-06-30; name the entry that applies now",
    ]);
  });

  it("requires an office to ask for an unconfirmed entry", () => {
    expect(problemsFor([{ ...validEntry, status: "not-confirmed" }])).toEqual([
      "test.yaml › loan-max › askOffice: is required when status is not-confirmed: say whom to ask",
    ]);
  });

  it("accepts former ids as aliases of a merged entry", () => {
    expect(problemsFor([{ ...validEntry, aliases: ["loan-max-old", "vay-toi-da"] }])).toEqual([]);
  });

  it("refuses an alias that is another entry's id, or already an alias", () => {
    const other = { ...validEntry, id: "loan-term", aliases: ["vay-toi-da"], questions: ["Vay được bao lâu?", "vay bao lau", "thoi han vay", "vay mấy năm"] };
    expect(problemsFor([{ ...validEntry, aliases: ["loan-term", "vay-toi-da"] }, other])).toEqual([
      'test.yaml › loan-max › aliases: "loan-term" is the id of an entry in test.yaml',
      'test.yaml › loan-term › aliases: "vay-toi-da" is already an alias of "loan-max"',
    ]);
  });

  it("asks links to name the current id rather than a former one", () => {
    const merged = {
      ...validEntry,
      id: "loan-term",
      aliases: ["loan-duration"],
      questions: ["Vay được bao lâu?", "vay bao lau", "thoi han vay", "vay mấy năm"],
    };
    expect(problemsFor([{ ...validEntry, followUps: ["loan-duration"] }, merged])).toEqual([
      'test.yaml › loan-max › followUps: names "loan-duration", a former id of "loan-term": name "loan-term"',
    ]);
  });

  it("finds a question that two entries ask", () => {
    const other = { ...validEntry, id: "loan-term", questions: ["Vay được bao lâu?", "vay bao lau", "thoi han vay", "VAY TỐI ĐA BAO NHIÊU"] };
    expect(problemsFor([validEntry, other])).toEqual([
      'test.yaml › loan-term › questions: "VAY TỐI ĐA BAO NHIÊU" is already a question of "loan-max": keep it in one entry',
    ]);
  });

  it("keeps curators' remarks out of what citizens read", () => {
    const source = { ...validEntry.sources[0]!, article: "Điều 12 (số điều theo bản tóm tắt, cần đối chiếu)" };
    expect(problemsFor([{ ...validEntry, answer: "Vay tối đa 100% chi phí [B], theo trí nhớ của người soạn.", sources: [source] }])).toEqual([
      'test.yaml › loan-max › answer: shows citizens a curator\'s remark ("theo trí nhớ"): move it to curatorNote',
      'test.yaml › loan-max › sources.0.article: shows citizens a curator\'s remark ("cần đối chiếu"): move it to curatorNote',
    ]);
  });

  it("lets a curator note say what is left to check", () => {
    expect(problemsFor([{ ...validEntry, curatorNote: "Số điều theo bản tóm tắt [C], cần đối chiếu toàn văn." }])).toEqual([]);
  });

  it("finds a document cited twice in one entry", () => {
    const again = { ...validEntry.sources[0]!, article: "Điều 13" };
    expect(problemsFor([{ ...validEntry, sources: [...validEntry.sources, again] }])).toEqual([
      'test.yaml › loan-max › sources.1: cites "Nghị định 338/2025/NĐ-CP" again: merge it into one source',
    ]);
  });

  it("refuses a start date that no source gives, and accepts one the entry traces", () => {
    const untraced = { ...validEntry, validFrom: "2026-02-01" };
    expect(problemsFor([untraced])).toEqual([
      "test.yaml › loan-max › validFrom: 2026-02-01 is a date no source of the entry gives: say where it comes from (a source's article or the curator note), or remove it",
    ]);
    expect(problemsFor([{ ...untraced, answer: "Từ 01/02/2026, vay tối đa 100% chi phí phải trả trước khi đi." }])).toEqual([]);
    expect(problemsFor([{ ...untraced, curatorNote: "validFrom: ngày hiệu lực 1/2/2026 theo điều khoản thi hành." }])).toEqual([]);
  });

  it("says when a rule stopped applying the way the law counts it", () => {
    expect(problemsFor([{ ...validEntry, answer: "Nghị định 61/2015 đã hết hiệu lực từ 31/12/2025; nay vay theo Nghị định 338." }])).toEqual([
      'test.yaml › loan-max › answer: says a rule lapsed from its last day ("hết hiệu lực từ 31/12/2025"): it applied until the end of that day, so write "hết hiệu lực từ" the next day or "áp dụng đến hết ngày 31/12/2025"',
    ]);
  });

  it("passes on the project's knowledge base, with at least 120 entries", () => {
    const { entries, problems } = loadEntries(path.join(contentDir, "knowledge"));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(120);
  });

  it("has no two entries of the project that retrieve each other", () => {
    expect(findOverlappingEntries(loadKnowledgeBase(contentDir)).map((pair) => describeOverlap(pair))).toEqual([]);
  });

  it("marks in the answer text every entry that is not confirmed", () => {
    const { entries } = loadEntries(path.join(contentDir, "knowledge"));
    const unmarked = entries.filter((entry) => entry.status === "not-confirmed" && !/chưa (được )?xác nhận/i.test(entry.answer));
    expect(unmarked.map((entry) => entry.id)).toEqual([]);
  });
});
