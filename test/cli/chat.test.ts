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

  it("numbers the choices of a turn once, so '1' picks the first shown, and never says 'Bấm nút'", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-chat-"));
    const chat = runScript("src/cli/chat.ts", { DATA_DIR: dataDir, LOG_LEVEL: "warn" });
    // Three wrong genders: the question (1. Nam, 2. Nữ) and the offer of help (3., 4.) in one turn.
    chat.child.stdin.end(["/vay", "/dung", "/dangky", "1", "1", "Nguyễn Văn An", "05/03/1995", "x", "x", "x", "1", "/exit", ""].join("\n"));
    expect(await chat.exited).toBe(0);
    const output = chat.output();
    expect(output).not.toMatch(/Bấm nút/i);
    expect(output).toContain(`3. ${texts.t("vi", "reg.button.askStaff")}\n4. ${texts.t("vi", "reg.button.stop")}`);
    // "1" after that list is "Nam": the form goes on to the citizen ID.
    expect(output.slice(output.lastIndexOf(texts.t("vi", "reg.button.askStaff")))).toContain(texts.t("vi", "reg.ask.citizenId"));
  });
});
