import { describe, expect, it } from "vitest";
import { createSearchEngine } from "../../src/knowledge/search-engine.js";
import { removeDiacritics as fold } from "../../src/shared/fold.js";
import { analyze } from "./helpers.js";

describe("Vietnamese analysis", () => {
  it("folds diacritics and đ to plain letters", () => {
    expect(fold("Đi làm việc ở nước ngoài được không")).toBe("Di lam viec o nuoc ngoai duoc khong");
  });

  it("treats composed and decomposed Unicode the same", () => {
    expect(analyze("vay vốn".normalize("NFD")).folded).toEqual(analyze("vay vốn".normalize("NFC")).folded);
  });

  it("expands chat shorthand and abbreviations", () => {
    expect(analyze("xkld vay nhcsxh dc ko").folded).toEqual("xuat khau lao dong vay ngan hang chinh sach xa hoi duoc khong".split(" "));
  });

  it("builds folded syllable pairs", () => {
    expect(analyze("Ký quỹ Hàn Quốc").pairs).toEqual(["ky_quy", "quy_han", "han_quoc"]);
  });

  it("keeps accented syllables only when the text has diacritics", () => {
    expect(analyze("vay vốn").exact).toEqual(["~vay", "~vốn"]);
    expect(analyze("vay von").exact).toEqual([]);
  });
});

describe("search ranking", () => {
  const search = (documents: string[], query: string) =>
    createSearchEngine({ analyze, documents: documents.map((primary, index) => ({ id: String(index), primary })) })
      .search(query)
      .map((hit) => hit.id);

  it("ranks a text whose first line names the topic above a shorter text that only mentions it", () => {
    const titled = "Hồ sơ vay vốn\nCần chuẩn bị giấy tờ tùy thân, sổ hộ khẩu, xác nhận của xã và đơn đề nghị theo mẫu.";
    const mentioning = "Giấy tờ cần có\nHồ sơ vay vốn gồm đơn.";
    expect(search([mentioning, titled], "hồ sơ vay vốn")[0]).toBe("1");
  });

  it("corrects a typo to the syllable that forms a known word with its neighbour", () => {
    const documents = ["Vay ngân hàng chính sách", "Ngân sách hai năm", "Hai người", "Hai lần"];
    expect(search(documents, "ngan hag")[0]).toBe("0");
  });

  it("reads a question typed without diacritics with the accents the texts use most", () => {
    // Both first texts fold to "hien than"; the third tells that "hien than" is usually "hiến thận".
    const documents = ["Hiên than", "Hiến thận", "Hiến thận cứu được nhiều người bệnh"];
    expect(search(documents, "hien than")[0]).toBe("1");
  });
});
