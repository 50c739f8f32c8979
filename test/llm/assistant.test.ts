import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelAssistant, createOpenAiCompatibleModel, type AssistantSettings } from "../../src/llm/index.js";
import { FakeOpenAi } from "../fakes/fake-openai.js";

const allUses = { rewrite: true, compose: true, phrasings: false };
let fake: FakeOpenAi;
let logLines: string[];

beforeEach(async () => {
  fake = await new FakeOpenAi().start();
  logLines = [];
});
afterEach(async () => fake.stop());

function assistant(settings: Partial<AssistantSettings> = {}, options: { apiKey?: string; now?: () => number } = {}) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return createModelAssistant({
    model: createOpenAiCompatibleModel({ baseUrl: fake.url, model: "qwen-test", apiKey: options.apiKey }),
    settings: { timeoutMs: 2000, dailyCalls: 100, uses: allUses, ...settings },
    logger: pino({ level: "info" }, sink),
    now: options.now,
  });
}

const prompt = { system: "Chỉ viết lại câu hỏi.", user: "vay đi nhật bao nhiêu" };

describe("a model on an OpenAI-compatible server", () => {
  it("sends the chat completion request any such server expects and reads its answer", async () => {
    fake.replies.push("Mức vay tối đa đi Nhật Bản là bao nhiêu?");
    const model = assistant({}, { apiKey: "sk-local" });
    const answer = await model.ask("rewrite", prompt);
    expect(answer).toBe("Mức vay tối đa đi Nhật Bản là bao nhiêu?");
    expect(model.usage()).toMatchObject({ calls: 1, failures: 0, byUse: { rewrite: 1, compose: 0, phrasings: 0 } });
    const [request] = fake.requests;
    expect(request!.model).toBe("qwen-test");
    expect(request!.authorization).toBe("Bearer sk-local");
    expect(request!.messages).toEqual([
      { role: "system", content: prompt.system },
      { role: "user", content: prompt.user },
    ]);
  });

  it.each([401, 429, 500] as const)("answers nothing on an HTTP %i, once, without retrying, and logs it without the text", async (status) => {
    fake.replies.push({ status });
    const model = assistant();
    expect(await model.ask("rewrite", prompt)).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(model.usage()).toMatchObject({ calls: 1, failures: 1 });
    const logged = logLines.join("");
    expect(logged).toContain(`http-${status}`);
    expect(logged).not.toContain("nhật");
    expect(logged).not.toContain("Chỉ viết lại");
  });

  it("gives up at the timeout when the server hangs", async () => {
    fake.replies.push("hang");
    const model = assistant({ timeoutMs: 300 });
    const started = performance.now();
    expect(await model.ask("rewrite", prompt)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(model.usage()).toMatchObject({ calls: 1, failures: 1 });
    expect(logLines.join("")).toContain("timeout");
  });

  it("leaves a failing server alone for a while, so that the next people do not wait for it too", async () => {
    let clock = Date.parse("2026-12-03T08:00:00Z");
    const model = assistant({}, { now: () => clock });
    fake.replies.push({ status: 500 }, "Câu hỏi viết lại");
    expect(await model.ask("rewrite", prompt)).toBeUndefined();
    expect(await model.ask("rewrite", prompt)).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    clock += 60_000;
    expect(await model.ask("rewrite", prompt)).toBe("Câu hỏi viết lại");
  });

  it("stops calling once the day's budget is spent, and starts again the next day", async () => {
    let clock = Date.parse("2026-12-03T08:00:00Z");
    fake.otherwise = "ok";
    const model = assistant({ dailyCalls: 2 }, { now: () => clock });
    for (let i = 0; i < 3; i++) await model.ask("rewrite", prompt);
    expect(fake.requests).toHaveLength(2);
    expect(model.usage()).toMatchObject({ calls: 2, skipped: 1 });
    expect(logLines.join("")).toContain("budget-spent");
    clock += 24 * 3600_000;
    expect(await model.ask("rewrite", prompt)).toBe("ok");
  });

  it("calls nothing for a use that is switched off", async () => {
    const model = assistant({ uses: { rewrite: true, compose: false, phrasings: false } });
    expect(model.enabled("compose")).toBe(false);
    expect(await model.ask("compose", prompt)).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it("masks citizen IDs, phones, passport numbers, e-mails and names before anything leaves the server", async () => {
    fake.otherwise = "ok";
    await assistant().ask("rewrite", {
      system: prompt.system,
      user: "Tên em là Nguyễn Văn An, CCCD 079203001234, sđt 0912 345 678, hộ chiếu C1234567, mail an.nguyen@gmail.com, vay đi Nhật được bao nhiêu?",
    });
    const sent = fake.receivedText();
    for (const secret of ["079203001234", "0912 345 678", "C1234567", "an.nguyen@gmail.com", "Nguyễn Văn An"]) expect(sent).not.toContain(secret);
    expect(sent).toContain("vay đi Nhật được bao nhiêu?");
  });
});
