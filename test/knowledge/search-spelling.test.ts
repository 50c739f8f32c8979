import { describe, expect, it } from "vitest";
import { createSpellingCorrector } from "../../src/knowledge/search-spelling.js";

describe("the spelling corrector", () => {
  const correct = createSpellingCorrector(["hang", "hai", "ngan", "nhat", "vay", "thanh"]);
  const byFrequency = (frequencies: Record<string, number>) => (candidate: string) => frequencies[candidate] ?? 0;

  it("finds a known syllable one insertion, deletion, substitution or swap away", () => {
    const any = () => 0;
    expect(correct("hanng", any)).toBe("hang");
    expect(correct("nga", any)).toBe("ngan");
    expect(correct("nhst", any)).toBe("nhat");
    expect(correct("tahnh", any)).toBe("thanh");
  });

  it("lets the fit choose between candidates", () => {
    expect(correct("hag", byFrequency({ hang: 1, hai: 5 }))).toBe("hai");
    expect(correct("hag", byFrequency({ hang: 9, hai: 5 }))).toBe("hang");
  });

  it("finds nothing two edits away, nor for a syllable already known", () => {
    expect(correct("hoong", () => 0)).toBeUndefined();
    expect(correct("vay", () => 0)).toBeUndefined();
  });

  it("leaves syllables under three letters out of its vocabulary", () => {
    expect(createSpellingCorrector(["ve"])("vet", () => 0)).toBeUndefined();
  });
});
