import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/processes.js";
import { texts } from "../helpers/core.js";

describe("npm run chat", () => {
  it("shows choices as a numbered list, takes a number for a button and answers a question", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-chat-"));
    const chat = runScript("src/cli/chat.ts", { DATA_DIR: dataDir, LOG_LEVEL: "warn" });
    chat.child.stdin.end("1\nvay tren 200 trieu co phai the chap khong\n/exit\n");
    expect(await chat.exited).toBe(0);
    const output = chat.output();
    expect(output).toContain(`1. ${texts.t("vi", "menu.ask")}`);
    expect(output).toContain(texts.t("vi", "kb.askPrompt").split("\n")[0]!);
    expect(output).toMatch(/Nguồn: Nghị định 338\/2025/);
  });
});
