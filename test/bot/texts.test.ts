import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTexts } from "../../src/bot/core/index.js";
import { texts } from "../helpers/core.js";

function localesWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "locales-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe("locale files", () => {
  it("fill {placeholders} and leave unknown ones visible", () => {
    const t = loadTexts(localesWith({ "vi/a.yaml": "hi: Chào {name} {other}", "en/a.yaml": "hi: Hi {name} {other}" }));
    expect(t.t("en", "hi", { name: "Lan" })).toBe("Hi Lan {other}");
  });

  it("refuse to load when a translation is missing", () => {
    const dir = localesWith({ "vi/a.yaml": "a: A\nb: B", "en/a.yaml": "a: A" });
    expect(() => loadTexts(dir)).toThrow(/Locale en: missing keys \[b\]/);
  });

  it("refuse a key defined in two files", () => {
    const dir = localesWith({ "vi/a.yaml": "a: A", "vi/b.yaml": "a: B", "en/a.yaml": "a: A" });
    expect(() => loadTexts(dir)).toThrow(/key "a" is already defined/);
  });

  it("of the project load, with English for every Vietnamese text", () => {
    expect(texts.t("en", "menu.help")).not.toBe(texts.t("vi", "menu.help"));
  });
});
