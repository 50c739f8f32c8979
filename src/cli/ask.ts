import readline from "node:readline";
import { openHeadless } from "./headless.js";

/**
 * `npm run --silent ask -- --json`: one question per input line, one JSON object per
 * output line, in order. This is the evaluation contract: keep its shape stable.
 */
const json = process.argv.includes("--json");
const app = await openHeadless({ memory: true });
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let index = 0;
for await (const line of lines) {
  const question = line.trim();
  if (!question) continue;
  // Each question is asked by a new person, so answers never depend on earlier lines.
  const result = await app.core.handle({ channel: "cli", userId: `ask-${process.pid}-${index++}`, text: question });
  const text = result.replies.map((reply) => reply.text).join("\n\n");
  const outcome = result.outcome ?? { kind: "fallback" as const, sources: [] };
  if (json) {
    const record = {
      question,
      kind: outcome.kind,
      text,
      sources: outcome.sources.map((source) => ({
        document: source.document,
        ...(source.article ? { article: source.article } : {}),
        ...(source.url ? { url: source.url } : {}),
      })),
      ...(outcome.entryId ? { entryId: outcome.entryId } : {}),
      ...(outcome.score !== undefined ? { score: outcome.score } : {}),
    };
    process.stdout.write(`${JSON.stringify(record)}\n`);
  } else {
    process.stdout.write(`? ${question}\n${text}\n`);
    for (const source of outcome.sources) process.stdout.write(`  — ${[source.document, source.article].filter(Boolean).join(", ")}\n`);
    process.stdout.write("\n");
  }
}
await app.stop();
