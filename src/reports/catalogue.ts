import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export type ReportText = (key: string, params?: Record<string, string | number>) => string;

/**
 * The words of the reports (content/reports/vi.yaml): flat `key: text` pairs with `{name}`
 * placeholders. Reports are administrative documents in Vietnamese only, so there is no other
 * locale; an unknown key is a programming error and throws.
 */
export function loadReportTexts(file: string): ReportText {
  const parsed = z.record(z.string(), z.string()).safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: every entry must be "key: text"`);
  const texts = parsed.data;
  return (key, params = {}) => {
    const template = texts[key];
    if (template === undefined) throw new Error(`Unknown report text key: ${key}`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
