import { describe, expect, it } from "vitest";
import { removeDiacritics as fold } from "../../src/text/fold.js";
import { analyze } from "./helpers.js";

describe("Vietnamese analysis", () => {
  it("folds diacritics and đ to plain letters", () => {
    expect(fold("Đi làm việc ở nước ngoài được không")).toBe("Di lam viec o nuoc ngoai duoc khong");
  });

  it("treats composed and decomposed Unicode the same", () => {
    expect(analyze("vay vốn".normalize("NFD")).folded).toEqual(analyze("vay vốn".normalize("NFC")).folded);
  });

  it("expands chat shorthand and abbreviations", () => {
    expect(analyze("xkld vay nhcsxh dc ko").folded).toEqual(
      "xuat khau lao dong vay ngan hang chinh sach xa hoi duoc khong".split(" "),
    );
  });

  it("builds folded syllable pairs", () => {
    expect(analyze("Ký quỹ Hàn Quốc").pairs).toEqual(["ky_quy", "quy_han", "han_quoc"]);
  });

  it("keeps accented syllables only when the text has diacritics", () => {
    expect(analyze("vay vốn").exact).toEqual(["~vay", "~vốn"]);
    expect(analyze("vay von").exact).toEqual([]);
  });
});
