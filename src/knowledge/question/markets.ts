import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { removeDiacritics, simplify } from "../../shared/index.js";

const folded = z.string().regex(/^[a-z0-9 ]+$/, "must be written without diacritics");
const marketsFile = z.object({
  after: z.array(folded),
  markets: z.record(
    z.string().regex(/^[a-z-]+$/),
    z.object({ names: z.array(folded).min(1), short: z.array(folded).default([]), accented: z.array(z.string()).default([]) }),
  ),
});

/** Finds the destinations a text names: `marketsIn("đi Nhật tốn bao nhiêu")` → ["japan"]. */
export type MarketFinder = ((text: string) => string[]) & {
  /** The text without the destinations it names, to carry a question over to another one. */
  without(text: string): string;
};

/** Reads `content/search/markets.yaml`. */
export function loadMarketFinder(file: string): MarketFinder {
  const parsed = marketsFile.parse(parse(fs.readFileSync(file, "utf8")));
  const after = new Set(parsed.after);
  const markets = Object.entries(parsed.markets).map(([code, market]) => ({
    code,
    names: market.names.map((name) => ` ${name} `),
    short: new Set(market.short),
    accented: new Set(market.accented.map((word) => word.normalize("NFC").toLowerCase())),
  }));

  const find = (text: string) => {
    const plain = ` ${simplify(text)} `;
    const words = text
      .normalize("NFC")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    const bare = words.map(foldWord);
    const hasDiacritics = bare.some((word, index) => word !== words[index]);
    const found: string[] = [];
    for (const market of markets) {
      const named = market.names.some((name) => plain.includes(name));
      const short =
        !named &&
        bare.some((word, position) => {
          if (!market.short.has(word)) return false;
          // "Nhật" typed with its accents is the country; "nhất", "hạn", "dục" are not.
          if (hasDiacritics && words[position] !== word) return market.accented.has(words[position]!) && !isPartOfWord(bare, position);
          // "con han thi sao" opening a message is "còn Hàn thì sao?": the follow-up names a country.
          if (position === 1 && bare[0] === "con") return true;
          const previous = bare[position - 1];
          return previous !== undefined && after.has(previous) && !isPartOfWord(bare, position);
        });
      if (named || short) found.push(market.code);
    }
    return found;
  };
  const every = markets.flatMap((market) => [...market.names.map((name) => name.trim()), ...market.short]);
  const anyName = new RegExp(`\\b(?:${every.sort((a, b) => b.length - a.length).join("|")})\\b`, "g");
  return Object.assign(find, {
    without: (text: string) => simplify(text).replace(anyName, " ").replace(/\s+/g, " ").trim(),
  });
}

// "giáo dục", "đạo đức", "thợ hàn": the short syllable ends another word here.
const wordEndings: Record<string, string[]> = { duc: ["giao", "dao", "dao"], han: ["tho", "gia", "thoi", "het", "qua"], nhat: ["it", "cao", "nhieu"] };

// Folding is the costly part of reading a destination, and questions reuse a small vocabulary.
const foldedWords = new Map<string, string>();
const MAX_REMEMBERED_WORDS = 50_000;

function foldWord(word: string): string {
  let plain = foldedWords.get(word);
  if (plain === undefined) {
    if (foldedWords.size >= MAX_REMEMBERED_WORDS) foldedWords.clear();
    foldedWords.set(word, (plain = removeDiacritics(word)));
  }
  return plain;
}

/** `bare`: the words without diacritics. */
function isPartOfWord(bare: string[], position: number): boolean {
  const previous = bare[position - 1];
  return previous !== undefined && (wordEndings[bare[position]!] ?? []).includes(previous);
}
