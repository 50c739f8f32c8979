import os from "node:os";
import readline from "node:readline";
import { lastChoices, numberedList, pickChoice } from "../bot/channels/numbered-choices.js";
import type { Button, Reply } from "../bot/core/index.js";
import { openHeadless } from "./headless.js";

/** `npm run chat`: talk to the bot in a terminal, through the same core as every channel. */
const app = await openHeadless({ memory: false });
const userId = `terminal-${os.userInfo().username}`;
const terminal = readline.createInterface({ input: process.stdin, output: process.stdout });
// Iterating from the start buffers lines typed (or piped in) while the bot is still answering.
const lines = terminal[Symbol.asyncIterator]();
let choices: Button[] = [];

function show(replies: Reply[]) {
  for (const reply of replies) {
    console.log(`\n${reply.text}`);
    if (reply.sources?.length) {
      console.log(`  (${app.core.texts.t("vi", "sources.label")}: ${reply.sources.map((s) => [s.document, s.article].filter(Boolean).join(", ")).join("; ")})`);
    }
    if (reply.buttons?.length) console.log(numberedList(reply.buttons));
  }
  choices = lastChoices(replies);
}

console.log(app.core.texts.t("vi", "cli.intro"));
show((await app.core.handle({ channel: "cli", userId, text: "/start" })).replies);
process.stdout.write("\n> ");
for (let next = await lines.next(); !next.done; next = await lines.next()) {
  const raw = next.value;
  const line = raw.trim();
  if (line === "/exit" || line === "/quit") break;
  if (line) {
    const action = pickChoice(line, choices);
    show((await app.core.handle({ channel: "cli", userId, ...(action ? { action } : { text: line }) })).replies);
  }
  process.stdout.write("\n> ");
}
terminal.close();
await app.stop();
