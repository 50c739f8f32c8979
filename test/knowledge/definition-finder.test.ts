import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDefinitionFinder } from "../../src/knowledge/definitions.js";
import { loadEntries } from "../../src/knowledge/load-entries.js";
import { contentDir } from "../../src/paths.js";
import { removeDiacritics } from "../../src/shared/fold.js";

/** The finder as it was before it learnt to skip texts: the pattern over every text. */
function scanEveryText(texts: string[]) {
  const folded = texts.map((text) => removeDiacritics(text.normalize("NFC")).toLowerCase());
  return (term: string): number[] => {
    const escaped = term.replace(/ /g, "[\\s\"“”'‘’]+");
    const pattern = new RegExp(`(?:^|[\\n.:;!?]|\\d+[.)]|\\b[a-z]\\))[\\s"“”'‘’]*${escaped}[\\s"“”'‘’]*(?:la|duoc hieu la)\\b`);
    return folded.flatMap((text, index) => (pattern.test(text) ? [index] : []));
  };
}

// Every way a definition may start and end, and near misses.
const crafted = [
  "Giải thích từ ngữ\n1. Người lao động là người làm việc.\n2) Ký quỹ được hiểu là khoản tiền.",
  'a) "Visa" là thị thực; b) lợi tức là khoản lời.',
  "Visalà dính liền. Ký quỹlà cũng dính liền! Ký quỹ  được hiểu là…",
  "Không có định nghĩa: người lao động làm việc, người lao động là ai.",
  "người lao động là người làm việc ở đầu văn bản",
  "Điều 3: “Hợp đồng” là sự thỏa thuận; 'ngân hàng' là tổ chức tín dụng? Vay là mượn.",
  "ĐẶT CỌC LÀ VIỆC MỘT BÊN GIAO TIỀN.\tBảo lãnh\u00a0là cam kết.",
  "12.Chi phí là khoản tiền; x)lãi suất là tỷ lệ; vay lao (không phải định nghĩa)",
  'Người "lao"  động\nlà ai? Người lao độngg là sai chính tả. Người-lao động là nối. 3) bảo hiểm xã hộilà dính.',
];

/** The 1–4 folded words before each "la" of the texts (where definitions are), and every `step`-th run of 1–4 words. */
function termsOf(texts: string[], step = 1): string[] {
  const terms = new Set(["khong co", "b", "vi", "vis", "ky", "la", "123", "dat coc", "bao lanh", "hop dong", "ngan hang"]);
  for (const text of texts) {
    const words = removeDiacritics(text.normalize("NFC"))
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    words.forEach((word, start) => {
      for (let length = 1; length <= 4 && start + length <= words.length; length++) {
        const term = words.slice(start, start + length).join(" ");
        if (words[start + length] === "la" || (start + length) % step === 0) terms.add(term);
      }
    });
  }
  return [...terms];
}

describe("finding the texts that define a term", () => {
  it("finds definitions at the start of a text, line, sentence or list item, and nothing else", () => {
    const find = createDefinitionFinder(crafted);
    expect(find("nguoi lao dong")).toEqual([0, 4, 8]);
    expect(find("loi tuc")).toEqual([1]);
    expect(find("visa")).toEqual([1, 2]);
    expect(find("ky quy")).toEqual([0, 2]);
    expect(find("lai suat")).toEqual([7]);
    expect(find("dat coc")).toEqual([6]);
    expect(find("khong co")).toEqual([]);
    expect(find("bao hiem xa hoi")).toEqual([8]);
    expect(find("lao dong")).toEqual([]);
  });

  it("finds the same texts as the pattern run over every text, for every term", () => {
    const find = createDefinitionFinder(crafted);
    const reference = scanEveryText(crafted);
    for (const term of termsOf(crafted)) expect(find(term), term).toEqual(reference(term));
    // Not plain syllables (the engine never asks so): still what the pattern says.
    for (const term of ["", "ky  quy", "visa.", "lai.suat", " vay"]) expect(find(term), term).toEqual(reference(term));
  });

  it("finds the same entries of the knowledge base as the pattern run over every entry", () => {
    const entries = loadEntries(path.join(contentDir, "knowledge")).entries;
    const texts = entries.map((entry) => `${[entry.title, ...entry.questions].join("\n")}\n${[entry.answer, entry.details ?? ""].join("\n")}`);
    const find = createDefinitionFinder(texts);
    const reference = scanEveryText(texts);
    const terms = termsOf(texts, 97);
    let found = 0;
    for (const term of terms) {
      const expected = reference(term);
      found += expected.length;
      expect(find(term), term).toEqual(expected);
    }
    expect(found).toBeGreaterThan(0);
  });
});
