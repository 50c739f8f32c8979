import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { removeDiacritics as fold } from "../shared/index.js";
import type { Dialect, Shorthand } from "./vietnamese.js";

const shorthandFile = z.record(
  z.string().regex(/^[a-z0-9]+$/, "must be a shorthand in lowercase letters without diacritics"),
  z.string().regex(/^[a-z ]+$/, "must be written without diacritics"),
);

/** Reads `content/search/shorthand.yaml`. */
export function loadShorthand(file: string): Shorthand {
  const parsed = shorthandFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} › ${issue.path.join(".")}: ${issue.message}`);
  }
  return new Map(Object.entries(parsed.data).map(([short, long]) => [short, fold(long)]));
}

const dialectFile = z.record(z.string().regex(/^[\p{Ll} ]+$/u, "must be lower case"), z.string().regex(/^[\p{Ll} ]+$/u, "must be lower case"));

/** Reads `content/search/dialect.yaml`. */
export function loadDialect(file: string): Dialect {
  const parsed = dialectFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} › ${issue.path.join(".")}: ${issue.message}`);
  }
  return new Map(Object.entries(parsed.data).map(([word, standard]) => [word.normalize("NFC"), standard.normalize("NFC")]));
}
