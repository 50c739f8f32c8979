import path from "node:path";
import { contentDir } from "../paths.js";
import { findNearCopies } from "../evaluation/index.js";
import { loadEvaluationSets, namedEntryIds } from "../evaluation/index.js";
import { loadKnowledgeBase } from "../knowledge/index.js";
import { formatProblem, loadEntries } from "../knowledge/index.js";
import { describeOverlap, findOverlappingEntries } from "../knowledge/index.js";
import { loadShorthand } from "../knowledge/index.js";
import { createAnalyzer } from "../knowledge/index.js";

/**
 * `npm run kb:check`: validates the knowledge base (each entry, entries that answer the same
 * question), and the development sets against it (every entry they name exists; no question is
 * a near copy of an entry's own question); exits 1 on any problem.
 */
const { entries, problems } = loadEntries(`${contentDir}/knowledge`);
const messages = problems.map(formatProblem);
// Which entries answer the same question can only be asked of content that loads.
if (!problems.length) {
  for (const pair of findOverlappingEntries(loadKnowledgeBase(contentDir))) {
    messages.push(formatProblem({ file: "", entryId: pair.ids[0], field: "questions", message: describeOverlap(pair) }));
  }
}
const ids = new Set(entries.flatMap((entry) => [entry.id, ...entry.aliases]));
const sets = loadEvaluationSets(`${contentDir}/eval`);
for (const { id, where } of namedEntryIds(sets)) if (!ids.has(id)) messages.push(`eval › ${where}: names unknown entry "${id}"`);
const analyze = createAnalyzer(loadShorthand(path.join(contentDir, "search", "shorthand.yaml")));
const asked = [...sets.questions, ...sets.conversations.flatMap((conversation) => conversation.turns)].map((item) => item.text);
for (const copy of findNearCopies(analyze, asked, entries)) {
  messages.push(`eval › "${copy.question}": a near copy of ${copy.entryId}'s question "${copy.entryQuestion}" — write it as a person would ask`);
}
for (const message of messages) console.error(message);
const notConfirmed = entries.filter((entry) => entry.status === "not-confirmed").length;
console.log(
  `${entries.length} entries checked (${notConfirmed} not confirmed), ${sets.questions.length} development questions and ` +
    `${sets.conversations.length} conversations checked, ${messages.length} problem${messages.length === 1 ? "" : "s"}`,
);
process.exit(messages.length ? 1 : 0);
