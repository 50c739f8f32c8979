import { contentDir } from "../app.js";
import { loadKnowledgeBase } from "../knowledge/index.js";
import { formatProblem, loadEntries, type ContentProblem } from "../knowledge/load-entries.js";
import { describeOverlap, findOverlappingEntries } from "../knowledge/overlapping-entries.js";

/** `npm run kb:check`: validates the knowledge base; exits 1 on any problem. */
const { entries, problems } = loadEntries(`${contentDir}/knowledge`);
// Which entries answer the same question can only be asked of content that loads.
const overlaps: ContentProblem[] = problems.length
  ? []
  : findOverlappingEntries(loadKnowledgeBase(contentDir)).map((pair) => ({ file: "", entryId: pair.ids[0], field: "questions", message: describeOverlap(pair) }));
for (const problem of [...problems, ...overlaps]) console.error(formatProblem(problem));
const notConfirmed = entries.filter((entry) => entry.status === "not-confirmed").length;
const total = problems.length + overlaps.length;
console.log(`${entries.length} entries checked (${notConfirmed} not confirmed), ${total} problem${total === 1 ? "" : "s"}`);
process.exit(total ? 1 : 0);
