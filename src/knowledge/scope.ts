import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { Analyzer } from "./vietnamese.js";

const scopeFile = z.object({
  topics: z.array(
    z
      .object({
        name: z.string(),
        always: z.boolean().default(false),
        phrases: z.array(z.string().min(2)).min(1),
        /** Words that bring this topic back in scope, instead of the shared anchors. */
        unless: z.array(z.string().min(2)).optional(),
      })
      .strict(),
  ),
  anchors: z.array(z.string().min(2)),
});

/** `anchored`: the question shows it is about working or studying abroad. */
export type ScopeCheck = (question: string) => { outOfScope: false; anchored: boolean } | { outOfScope: true; topic: string };

/** Reads `content/search/out-of-scope.yaml` into a check of a question. */
export function loadScopeCheck(file: string, analyze: Analyzer): ScopeCheck {
  const parsed = scopeFile.parse(parse(fs.readFileSync(file, "utf8")));
  // Whole-syllable matching on the folded, shorthand-expanded text: " mua nha " in " vay mua nha o dau ".
  const phrase = (text: string) => ` ${analyze(text).folded.join(" ")} `;
  const anchors = parsed.anchors.map(phrase);
  const topics = parsed.topics.map((topic) => ({ ...topic, phrases: topic.phrases.map(phrase), unless: topic.unless?.map(phrase) ?? anchors }));
  return (question) => {
    const text = phrase(question);
    for (const topic of topics) {
      if (!topic.phrases.some((p) => text.includes(p))) continue;
      if (topic.always || !topic.unless.some((anchor) => text.includes(anchor))) return { outOfScope: true, topic: topic.name };
    }
    return { outOfScope: false, anchored: anchors.some((anchor) => text.includes(anchor)) };
  };
}
