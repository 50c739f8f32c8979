import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { contentDir } from "../../src/paths.js";
import { createKnowledgeBase, loadQuestionReading } from "../../src/knowledge/index.js";
import { loadEntries } from "../../src/knowledge/load-entries.js";

/** A complete entry about the loan ceiling; tests override what they are about. */
export function entry(id: string, fields: object = {}) {
  return {
    id,
    title: `Mục ${id}`,
    questions: ["Vay tối đa bao nhiêu?", "vay toi da bao nhieu", "vay dc bn", "được vay bao nhiêu tiền"],
    answer: "Tối đa 100% chi phí phải trả trước khi đi, theo hợp đồng.",
    sources: [{ document: "Nghị định 338/2025/NĐ-CP", title: "Quy định chi tiết", article: "Điều 12", issuer: "Chính phủ", date: "2025-12" }],
    status: "confirmed",
    jurisdiction: "national",
    topics: ["loans"],
    reviewedAt: "2026-11-23",
    ...fields,
  };
}

/** A knowledge base of these entries only, with the project's search data: loaded from a real content file. */
export function knowledgeOf(entries: object[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-small-"));
  fs.writeFileSync(path.join(dir, "test.yaml"), JSON.stringify({ entries }));
  const loaded = loadEntries(dir, "2026-11-23");
  expect(loaded.problems).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
  return createKnowledgeBase({ entries: loaded.entries, ...loadQuestionReading(contentDir) });
}
