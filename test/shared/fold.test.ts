import { describe, expect, it } from "vitest";
import { createWordFolder, removeDiacritics, simplify } from "../../src/shared/fold.js";

/** Folding as it was before the plain-ASCII shortcut. */
const foldEveryText = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");

describe("removing diacritics", () => {
  it.each([
    ["Đi làm ở Đà Nẵng", "Di lam o Da Nang"],
    ["ĐÀ  NẴNG!", "DA  NANG!"],
    ["thận, thân, than", "than, than, than"],
    ["plain ascii: 1 + 2 = 3\n\t~", "plain ascii: 1 + 2 = 3\n\t~"],
    ["", ""],
  ])("folds %j to %j", (text, folded) => {
    expect(removeDiacritics(text)).toBe(folded);
  });

  it("gives what normalising and stripping every text gives, plain ASCII or not", () => {
    const texts = [
      "xuat khau lao dong",
      "Xuất khẩu lao động",
      "a\u0301 combining, e\u0323\u0302 stacked, \u0110\u0111",
      "한국 근로자 \u1100\u1161 jamo, 日本, Ελληνικά, café",
      "\u007f\u0080 edges",
      "ASCII then Ơ",
    ];
    for (const text of texts) expect(removeDiacritics(text), text).toBe(foldEveryText(text));
  });

  it("keeps simplify's matching form", () => {
    expect(simplify("  Vay đi Nhật: bao nhiêu?? ")).toBe("vay di nhat bao nhieu");
  });
});

describe("folding words, remembered", () => {
  it("folds each word as removeDiacritics does, however often it comes and once the memory is full", () => {
    const fold = createWordFolder(2);
    const words = ["thận", "than", "Đà", "nẵng", "thận", "nghiêng", "xuấtkhẩulaođộng", "Đà", "thận", ""];
    for (const word of [...words, ...words]) expect(fold(word), word).toBe(removeDiacritics(word));
  });
});
