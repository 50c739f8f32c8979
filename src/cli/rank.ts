import fs from "node:fs";
import { z } from "zod";
import { contentDir } from "../paths.js";
import { buildSearchEngine } from "../knowledge/index.js";
import { loadShorthand } from "../knowledge/index.js";

/**
 * `npm run --silent rank -- --input FILE --k N`: ranks `docs` for each query with the
 * engine the bot uses, one `{"ranked": [docIndex…]}` line per query, in order.
 */
const args = z.object({ input: z.string().min(1), k: z.coerce.number().int().min(1).max(1000).default(10) }).safeParse(parseArgs(process.argv.slice(2)));
if (!args.success) {
  console.error("usage: npm run --silent rank -- --input FILE [--k N]");
  process.exit(64);
}
const input = z
  .object({ docs: z.array(z.string()), queries: z.array(z.looseObject({ q: z.string() })) })
  .parse(JSON.parse(fs.readFileSync(args.data.input, "utf8")));
const engine = buildSearchEngine(
  input.docs.map((text, index) => ({ id: String(index), primary: text })),
  loadShorthand(`${contentDir}/search/shorthand.yaml`),
);
const out: string[] = [];
for (const query of input.queries) {
  out.push(JSON.stringify({ ranked: engine.search(query.q, { limit: args.data.k }).map((hit) => Number(hit.id)) }));
}
process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));

function parseArgs(argv: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (let index = 0; index < argv.length; index++) {
    const key = argv[index]!;
    if (key.startsWith("--")) result[key.slice(2)] = argv[++index] ?? "";
  }
  return result;
}
