import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/processes.js";

describe("npm run ask -- --json", () => {
  it("writes exactly one JSON object per input line, in order, with the contract's fields", async () => {
    const questions = ["vay đi Nhật được bao nhiêu?", "", "thoi tiet hom nay", "xkld la gi"];
    const ask = runScript("src/cli/ask.ts", { LOG_LEVEL: "warn" }, ["--json"]);
    let stdout = "";
    ask.child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    ask.child.stdin.end(questions.join("\n") + "\n");
    expect(await ask.exited).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.question)).toEqual(questions.filter(Boolean));
    for (const line of lines) {
      expect(["answer", "clarify", "fallback"]).toContain(line.kind);
      expect(typeof line.text).toBe("string");
      expect(Array.isArray(line.sources)).toBe(true);
    }
  });
});
