import { describe, expect, it } from "vitest";
import { countAccents } from "../../src/knowledge/search-accents.js";
import { analyze } from "./helpers.js";

function restorerOf(texts: string[]) {
  const accents = countAccents();
  for (const text of texts) accents.add(analyze(text).exact);
  return accents.restorer();
}

describe("putting accents back on a plain question", () => {
  it("takes a syllable's accents from the word the texts use with the same neighbour", () => {
    const restore = restorerOf(["ghép thận", "than đá", "than đá", "thân nhân", "thân nhân", "thân nhân"]);
    expect(restore(["ghep", "than"])).toEqual(["~ghép", "~thận"]);
    expect(restore(["than", "da"])).toEqual(["~than", "~đá"]);
  });

  it("lets the more frequent pair decide when both neighbours know a word", () => {
    const restore = restorerOf(["ghép thận", "thân nhân", "thân nhân"]);
    expect(restore(["ghep", "than", "nhan"])[1]).toBe("~thân");
  });

  it("looks at both neighbours of every syllable of a longer question, the first and last included", () => {
    const restore = restorerOf(["ghép thận", "than đá", "than đá", "thân nhân", "thân nhân", "thân nhân"]);
    expect(restore(["ghep", "than", "nhan", "than", "da"])).toEqual(["~ghép", "~thân", "~nhân", "~than", "~đá"]);
  });

  it("guesses a syllable alone only when one spelling clearly dominates", () => {
    expect(restorerOf(["vốn", "vốn", "vốn", "vón"])(["von"])).toEqual(["~vốn"]);
    expect(restorerOf(["thận", "thân", "than"])(["than"])).toEqual([undefined]);
    expect(restorerOf(["vốn"])(["xa"])).toEqual([undefined]);
  });
});
