import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

const topicsFile = z.object({
  topics: z.array(z.object({ code: z.string().regex(/^[a-z][a-z-]{1,40}$/), group: z.enum(["market", "support", "recruitment", "safety"]) })).min(1),
});

export interface Topic {
  code: string;
  group: "market" | "support" | "recruitment" | "safety";
}

/** The topics people subscribe to, from content/announcements/topics.yaml. Labels: `ann.topic.<code>`. */
export function loadTopics(file: string): Topic[] {
  const parsed = topicsFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const codes = parsed.data.topics.map((topic) => topic.code);
  const repeated = codes.filter((code, index) => codes.indexOf(code) !== index);
  if (repeated.length) throw new Error(`${file}: topic codes must be unique (${repeated.join(", ")})`);
  return parsed.data.topics;
}

/** Characters per message each push channel accepts. */
export const TEXT_LIMITS = { telegram: 4096, "zalo-bot": 2000, "zalo-oa": 2000 } as const;

export type PushChannel = keyof typeof TEXT_LIMITS;
export const pushChannels = Object.keys(TEXT_LIMITS) as PushChannel[];
