import os from "node:os";
import readline from "node:readline/promises";
import { lastChoices, numberedList, pickChoice } from "../bot/channels/numbered-choices.js";
import type { Button, Reply } from "../bot/index.js";
import { openHeadless } from "./headless.js";

/** `npm run chat`: talk to the bot in a terminal, through the same core as every channel. */
const app = await openHeadless({ memory: false });
const userId = `terminal-${os.userInfo().username}`;
const terminal = readline.createInterface({ input: process.stdin, output: process.stdout });
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
terminal.on("close", () => void app.stop().then(() => process.exit(0)));
for (;;) {
  const line = (await terminal.question("\n> ").catch(() => "/exit")).trim();
  if (line === "/exit" || line === "/quit") break;
  if (!line) continue;
  const action = pickChoice(line, choices);
  show((await app.core.handle({ channel: "cli", userId, ...(action ? { action } : { text: line }) })).replies);
}
terminal.close();
