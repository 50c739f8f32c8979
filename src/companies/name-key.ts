import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { simplify as fold } from "../shared/index.js";

const nameWordsFile = z.strictObject({
  typeWords: z.array(z.string().trim().min(1)).min(1),
  notNames: z.array(z.string().trim().min(1)).default([]),
});

export interface CompanyNames {
  /** The key a company is matched by: "Cty TNHH ABC" → "abc". Empty when nothing but type words is left. */
  keyOf(name: string): string;
  /** Whether what someone typed refers to a company without naming it ("này", "bên em"). */
  isReference(name: string): boolean;
}

/** Reads `content/companies/name-words.yaml`. */
export function loadCompanyNames(file: string): CompanyNames {
  const parsed = nameWordsFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} › ${issue.path.join(".")}: ${issue.message}`);
  }
  return companyNames(parsed.data);
}

export function companyNames(words: { typeWords: string[]; notNames: string[] }): CompanyNames {
  // Longest first: "co ltd" must go before "ltd" would leave a stray "co" behind.
  const typePhrases = [...new Set(words.typeWords.map(fold))].sort((a, b) => b.length - a.length);
  const references = new Set(words.notNames.map(fold));

  function keyOf(name: string): string {
    let key = ` ${fold(name)} `;
    for (const phrase of typePhrases) {
      const padded = ` ${phrase} `;
      while (key.includes(padded)) key = key.replace(padded, " ");
    }
    return key.trim();
  }

  return {
    keyOf,
    isReference: (name) => {
      const key = keyOf(name);
      return key === "" || references.has(key);
    },
  };
}
