import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { Analyzer } from "./vietnamese.js";

const scopeFile = z.object({
  topics: z.array(z.object({ name: z.string(), always: z.boolean().default(false), phrases: z.array(z.string().min(2)).min(1) })),
  anchors: z.array(z.string().min(2)),
});

export type ScopeCheck = (question: string) => { outOfScope: false } | { outOfScope: true; topic: string };

/** Reads `content/search/out-of-scope.yaml` into a check of a question. */
export function loadScopeCheck(file: string, analyze: Analyzer): ScopeCheck {
  const parsed = scopeFile.parse(parse(fs.readFileSync(file, "utf8")));
  // Whole-syllable matching on the folded, shorthand-expanded text: " mua nha " in " vay mua nha o dau ".
  const phrase = (text: string) => ` ${analyze(text).folded.join(" ")} `;
  const topics = parsed.topics.map((topic) => ({ ...topic, phrases: topic.phrases.map(phrase) }));
  const anchors = parsed.anchors.map(phrase);
  return (question) => {
    const text = phrase(question);
    const anchored = anchors.some((anchor) => text.includes(anchor));
    for (const topic of topics) {
      if (topic.phrases.some((p) => text.includes(p)) && (topic.always || !anchored)) return { outOfScope: true, topic: topic.name };
    }
    return { outOfScope: false };
  };
}
