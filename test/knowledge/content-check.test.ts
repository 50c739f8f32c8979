import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../../src/app.js";
import { formatProblem, loadEntries } from "../../src/knowledge/index.js";

const validEntry = {
  id: "loan-max",
  title: "Mức vay tối đa",
  questions: ["Vay tối đa bao nhiêu?", "vay toi da bao nhieu", "vay dc bn", "được vay bao nhiêu tiền"],
  answer: "Tối đa 100% chi phí phải trả trước khi đi, theo hợp đồng.",
  sources: [{ document: "Nghị định 338/2025/NĐ-CP", title: "Quy định chi tiết", article: "Điều 12", issuer: "Chính phủ", date: "2025-12" }],
  status: "confirmed",
  validFrom: "2026-01-01",
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
    expect(problemsFor([{ ...validEntry, followUps: ["nowhere"] }])).toEqual([
      'test.yaml › loan-max › followUps: links to unknown entry "nowhere"',
    ]);
  });

  it("requires at least one source", () => {
    expect(problemsFor([{ ...validEntry, sources: [] }])).toEqual(["test.yaml › loan-max › sources: must list at least one source"]);
  });

  it("requires a successor for an expired entry", () => {
    expect(problemsFor([{ ...validEntry, validFrom: "2015-07-09", validUntil: "2025-12-31" }])).toEqual([
      "test.yaml › loan-max › supersededBy: is required: the entry expired on 2025-12-31; name the entry that applies now",
    ]);
  });

  it("requires an office to ask for an unconfirmed entry", () => {
    expect(problemsFor([{ ...validEntry, status: "not-confirmed" }])).toEqual([
      "test.yaml › loan-max › askOffice: is required when status is not-confirmed: say whom to ask",
    ]);
  });

  it("passes on the project's knowledge base, with at least 120 entries", () => {
    const { entries, problems } = loadEntries(path.join(contentDir, "knowledge"));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(120);
  });

  it("marks in the answer text every entry that is not confirmed", () => {
    const { entries } = loadEntries(path.join(contentDir, "knowledge"));
    const unmarked = entries.filter((entry) => entry.status === "not-confirmed" && !/chưa (được )?xác nhận/i.test(entry.answer));
    expect(unmarked.map((entry) => entry.id)).toEqual([]);
  });
});
