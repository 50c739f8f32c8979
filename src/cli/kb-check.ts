import { contentDir } from "../app.js";
import { formatProblem, loadEntries } from "../knowledge/load-entries.js";

/** `npm run kb:check`: validates the knowledge base; exits 1 on any problem. */
const { entries, problems } = loadEntries(`${contentDir}/knowledge`);
for (const problem of problems) console.error(formatProblem(problem));
const notConfirmed = entries.filter((entry) => entry.status === "not-confirmed").length;
console.log(
  `${entries.length} entries checked (${notConfirmed} not confirmed), ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
);
process.exit(problems.length ? 1 : 0);
