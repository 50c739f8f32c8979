import { fileURLToPath } from "node:url";
import { benchAnnouncements } from "./announcements.js";
import { benchKnowledge } from "./knowledge.js";
import { benchRetrieval } from "./retrieval.js";
import { benchTelegramWebhook } from "./telegram-webhook.js";

/**
 * `npm run bench [-- --only retrieval,knowledge,telegram,announcements]`: prints one JSON line per figure.
 * PostgreSQL figures are added when BENCH_DATABASE_URL is set.
 */
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1]!.split(",") : ["knowledge", "retrieval", "telegram", "announcements"];
const emit = (record: object) => console.log(JSON.stringify({ ...record, measuredAt: new Date().toISOString() }));
const benchmarksDir = fileURLToPath(new URL("../../shared/benchmarks/retrieval", import.meta.url));

if (only.includes("knowledge")) benchKnowledge(emit);
if (only.includes("retrieval")) await benchRetrieval({ benchmarksDir, emit });
if (only.includes("telegram")) {
  await benchTelegramWebhook({ updates: 3000, concurrency: 16, emit });
  if (process.env.BENCH_DATABASE_URL) await benchTelegramWebhook({ updates: 3000, concurrency: 16, databaseUrl: process.env.BENCH_DATABASE_URL, emit });
}
if (only.includes("announcements")) {
  await benchAnnouncements({ emit });
  if (process.env.BENCH_DATABASE_URL) await benchAnnouncements({ emit, databaseUrl: process.env.BENCH_DATABASE_URL });
}
