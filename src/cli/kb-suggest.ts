import { contentDir } from "../paths.js";
import { createKnowledgeCuration, createKnowledgeHolder } from "../knowledge/index.js";
import { proposePhrasingsFromModel } from "../knowledge/index.js";
import { loadKnowledgeBase } from "../knowledge/index.js";
import { loadConfigOrExit } from "../config.js";
import { openHeadless, parseCliFlags } from "./headless.js";

const usage = `npm run kb:suggest [-- --days <n>] [-- --groups <n>]

Gives the biggest groups of unanswered or weakly answered questions of the last <n> days
(default 30) to the configured language model (LLM_BASE_URL, with LLM_PHRASINGS=on), which
suggests a phrasing for the entry that answers them. Each suggestion becomes a pending phrasing
proposal in the console (Knowledge → proposals), which a curator approves or rejects as any other.

  --days <n>     how far back to read the question log (default 30)
  --groups <n>   how many groups at most, biggest first (default 20)`;

const flags = parseCliFlags({ days: { type: "string" }, groups: { type: "string" } }, usage);
if (!flags.values) process.exit(flags.exitCode);
const days = Number(flags.values.days ?? 30);
const groups = Number(flags.values.groups ?? 20);
if (!Number.isInteger(days) || days < 1 || !Number.isInteger(groups) || groups < 1 || groups > 500) {
  console.error(`--days must be a whole number of days and --groups a whole number from 1 to 500\n${usage}`);
  process.exit(64);
}
const config = loadConfigOrExit();
if (!config.llm?.uses.phrasings) {
  console.error("kb:suggest needs a language model with suggestions switched on: set LLM_BASE_URL, LLM_MODEL and LLM_PHRASINGS=on");
  process.exit(78);
}
const app = await openHeadless({ memory: false, config });
const knowledge = createKnowledgeHolder(() => loadKnowledgeBase(contentDir, config.knowledge));
const curation = createKnowledgeCuration({ prisma: app.database.prisma, knowledge, contentDir });
const proposed = await proposePhrasingsFromModel({
  assistant: app.languageModel!,
  knowledge,
  review: curation.review,
  proposals: curation.proposals,
  since: new Date(Date.now() - days * 86_400_000),
  groups,
});
const used = app.languageModel!.usage();
await app.stop();
console.log(`${proposed} phrasing proposal(s) waiting for a curator; ${used.calls} model call(s), ${used.failures} failed.`);
