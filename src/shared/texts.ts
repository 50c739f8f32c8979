import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { locales, type Locale } from "./locale.js";

export type TextParams = Record<string, string | number>;

export interface Texts {
  t(locale: Locale, key: string, params?: TextParams): string;
  has(key: string): boolean;
}

const localeFile = z.record(z.string(), z.string());

/**
 * Every user-facing string lives in `content/locales/<locale>/*.yaml` (one file per
 * feature) as flat `key: text` pairs with `{name}` placeholders. Vietnamese is the
 * reference: every locale must have exactly its keys, so a missing translation is found at
 * start-up, not by a user.
 */
export function loadTexts(localesDir: string): Texts {
  const catalogs = new Map<Locale, Record<string, string>>();
  for (const locale of locales) catalogs.set(locale, readCatalog(path.join(localesDir, locale)));
  const reference = catalogs.get("vi")!;
  for (const [locale, catalog] of catalogs) {
    const missing = Object.keys(reference).filter((key) => !(key in catalog));
    const extra = Object.keys(catalog).filter((key) => !(key in reference));
    if (missing.length || extra.length) {
      throw new Error(`Locale ${locale}: missing keys [${missing.join(", ")}], unknown keys [${extra.join(", ")}]`);
    }
  }
  return {
    t(locale, key, params = {}) {
      const template = catalogs.get(locale)?.[key];
      if (template === undefined) throw new Error(`Unknown text key: ${key}`);
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    has: (key) => key in reference,
  };
}

function readCatalog(folder: string): Record<string, string> {
  const catalog: Record<string, string> = {};
  for (const file of fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(".yaml"))
    .sort()) {
    const full = path.join(folder, file);
    const parsed = localeFile.safeParse(parse(fs.readFileSync(full, "utf8")));
    if (!parsed.success) throw new Error(`${full}: every entry must be "key: text" (${parsed.error.issues[0]?.message})`);
    for (const [key, text] of Object.entries(parsed.data)) {
      if (key in catalog) throw new Error(`${full}: key "${key}" is already defined in another file`);
      catalog[key] = text;
    }
  }
  return catalog;
}
