import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { simplify } from "../../shared/index.js";
import type { Turn, TurnResult } from "../core/index.js";
import type { Texts } from "../../shared/index.js";
import type { Locale } from "../core/index.js";

const kinds = ["rude", "who", "thanks", "bye", "greeting", "ok"] as const;
type Kind = (typeof kinds)[number];

const phrases = z.array(z.string().regex(/^[a-z0-9 ]+$/, "must be lower case without diacritics"));
const smallTalkFile = z.object({
  shorthand: z.record(z.string(), z.string()).default({}),
  particles: z.array(z.string()),
  kinds: z.object(
    Object.fromEntries(kinds.map((kind) => [kind, z.object({ vi: phrases, en: phrases })])) as Record<
      Kind,
      z.ZodObject<{ vi: typeof phrases; en: typeof phrases }>
    >,
  ),
});

const LONGEST_PHRASE = 6;

/**
 * "chào bạn", "cảm ơn ad nhiều", "ok", "bye", "bạn là người hay máy", rude words: answered briefly
 * and politely, with the menu, in the language they were written in. Only a message made of
 * nothing else is small talk: "chào bạn, vay đi Nhật được bao nhiêu?" is a question.
 */
export function createSmallTalk(options: { file: string; texts: Texts }) {
  const parsed = smallTalkFile.parse(parse(fs.readFileSync(options.file, "utf8")));
  const particles = new Set(parsed.particles.map(simplify));
  const shorthand = new Map(Object.entries(parsed.shorthand).map(([short, long]) => [simplify(short), simplify(long)]));
  const phraseKind = new Map<string, { kind: Kind; locale: Locale }>();
  // Listed from the weakest kind up, so that a phrase listed twice keeps its strongest kind.
  for (const kind of [...kinds].reverse()) {
    for (const locale of ["en", "vi"] as const) for (const phrase of parsed.kinds[kind][locale]) phraseKind.set(phrase, { kind, locale });
  }

  /** The kind of small talk a message is, or undefined when it says anything more. */
  function recognise(message: string): { kind: Kind; locale: Locale } | undefined {
    const words = simplify(message)
      .split(" ")
      .filter(Boolean)
      .flatMap((word) => (shorthand.get(word) ?? word).split(" "));
    if (!words.length) return undefined;
    const found: { kind: Kind; locale: Locale }[] = [];
    for (let index = 0; index < words.length; ) {
      let length = Math.min(LONGEST_PHRASE, words.length - index);
      for (; length > 0; length--) {
        const match = phraseKind.get(words.slice(index, index + length).join(" "));
        if (match) {
          found.push(match);
          break;
        }
      }
      if (length > 0) index += length;
      else if (particles.has(words[index]!)) index++;
      else return undefined;
    }
    if (!found.length) return undefined;
    // "ok cảm ơn" is thanks; "chào, bạn là ai" asks who we are: the strongest kind answers.
    const kind = kinds.find((candidate) => found.some((item) => item.kind === candidate))!;
    const locale = found.every((item) => item.locale === "en") ? "en" : "vi";
    return { kind, locale };
  }

  return {
    recognise,
    async answerQuestion(turn: Turn, message: string): Promise<TurnResult | undefined> {
      const talk = recognise(message);
      if (!talk) return undefined;
      const menu = turn.menu();
      const locale = talk.locale === "en" ? "en" : turn.state.locale;
      return {
        replies: [{ text: options.texts.t(locale, `smalltalk.${talk.kind}`), buttons: menu.buttons }],
        outcome: { kind: "smalltalk", sources: [] },
      };
    },
  };
}
