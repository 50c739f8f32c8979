import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerMessage, answerMessageWithModel } from "../../src/knowledge/index.js";
import { createModelAssistant, createOpenAiCompatibleModel, type ModelAssistant } from "../../src/llm/index.js";
import { FakeOpenAi } from "../fakes/fake-openai.js";
import { knowledge } from "./helpers.js";

let fake: FakeOpenAi;
beforeEach(async () => {
  fake = await new FakeOpenAi().start();
});
afterEach(async () => fake.stop());

function model(uses = { rewrite: true, compose: true, phrasings: false }, baseUrl = fake.url): ModelAssistant {
  return createModelAssistant({
    model: createOpenAiCompatibleModel({ baseUrl, model: "qwen-test" }),
    settings: { timeoutMs: 2000, dailyCalls: 100, uses },
    logger: pino({ level: "silent" }),
  });
}

// Asked by a commune officer in the development set; the search alone finds too little of it.
const misspelt = "cấp huyên chấm dứt từ ngày nào";
const twoParts = "đi Nhật phải trả tiền dịch vụ tối đa bao nhiêu và lãi suất vay bao nhiêu";

describe("a question the search cannot place, reworded by the model", () => {
  it("turns a refusal into the right entry, with its sources", async () => {
    expect(answerMessage(knowledge, misspelt, {}).parts[0]!.result).toMatchObject({ kind: "fallback", reason: "low-confidence" });
    // In the words of the entry the model was shown: "không còn cấp huyện".
    fake.replies.push("Từ ngày nào không còn cấp huyện?");
    const answer = await answerMessageWithModel(knowledge, misspelt, {}, model());
    const [part] = answer.parts;
    expect(part!.result.kind).toBe("answer");
    if (part!.result.kind !== "answer") return;
    expect(part!.result.entry.id).toBe("reorg-district-abolished");
    expect(part!.result.entry.sources.length).toBeGreaterThan(0);
    expect(answer.rewritten?.plainCoverage).toBeLessThan(0.3);
  });

  it("shows the model only the question and the entries the search retrieved for it", async () => {
    await answerMessageWithModel(knowledge, misspelt, {}, model());
    const retrieved = knowledge.search(misspelt, { limit: 8 }).map((hit) => hit.entry);
    const user = fake.requests[0]!.messages[1]!.content;
    expect(user).toContain(misspelt);
    for (const entry of retrieved) expect(user).toContain(entry.title);
    const listed = user.split("\n").filter((line) => line.startsWith("- "));
    expect(listed).toHaveLength(retrieved.length);
  });

  it("keeps the plain refusal when the model says the question is not ours, or rewords it into something vague", async () => {
    const plain = answerMessage(knowledge, misspelt, {});
    fake.replies.push("KHONG", "thủ tục");
    expect((await answerMessageWithModel(knowledge, misspelt, {}, model())).parts).toEqual(plain.parts);
    expect((await answerMessageWithModel(knowledge, misspelt, {}, model())).parts).toEqual(plain.parts);
    expect(fake.requests).toHaveLength(2);
  });

  it("never sends a question outside the field, nor one already answered", async () => {
    const outside = "đổi bằng lái xe ô tô ở đâu";
    expect(answerMessage(knowledge, outside, {}).parts[0]!.result).toMatchObject({ kind: "fallback", reason: "out-of-scope" });
    await answerMessageWithModel(knowledge, outside, {}, model());
    await answerMessageWithModel(knowledge, "Vay trên 200 triệu để đi Nhật có phải thế chấp tài sản không?", {}, model());
    expect(fake.requests).toHaveLength(0);
  });

  it("leaves every answer as it was when the server is down, and stops trying for a while", async () => {
    const down = await new FakeOpenAi().start();
    const url = down.url;
    await down.stop();
    const assistant = model(undefined, url);
    const now = new Date("2026-12-03T08:00:00Z");
    for (const question of [misspelt, twoParts, "em trai c mới 17 tuổi muốn qua đài có được k", "vay 180tr co phai the chap ko"]) {
      expect(await answerMessageWithModel(knowledge, question, { now }, assistant)).toEqual(answerMessage(knowledge, question, { now }));
    }
    expect(assistant.usage()).toMatchObject({ calls: 1, failures: 1 });
  });
});

describe("a question in several parts, said in one composed reply", () => {
  it("uses a reply whose every sentence cites an entry and whose every number is in them", async () => {
    const faithful =
      "Thực tập sinh đi Nhật trả tiền dịch vụ tối đa 1 tháng lương cho mỗi 12 tháng làm việc [1]. " +
      "Lãi suất vay bằng 127% lãi suất cho vay hộ nghèo, theo quy định từ 01/01/2026 [2].";
    fake.replies.push(faithful);
    const answer = await answerMessageWithModel(knowledge, twoParts, {}, model());
    expect(answer.composed?.text).toBe(faithful);
    expect(answer.composed?.entries.map((entry) => entry.id)).toEqual(["market-japan-service-fee", "loan-interest-rate-rule"]);
  });

  it.each([
    ["an invented number", "Đi Nhật trả tiền dịch vụ tối đa 1 tháng lương mỗi 12 tháng [1]. Lãi suất hiện là 6,6 %/năm [2]."],
    ["a number given another unit", "Đi Nhật trả tiền dịch vụ tối đa 1 năm lương cho mỗi 12 tháng làm việc [1]. Lãi suất bằng 127% lãi suất hộ nghèo [2]."],
    ["an entry that was not retrieved", "Đi Nhật trả tiền dịch vụ tối đa 1 tháng lương mỗi 12 tháng [1]. Lãi suất bằng 127% lãi suất hộ nghèo [3]."],
    ["a sentence tied to no entry", "Đi Nhật trả tiền dịch vụ tối đa 1 tháng lương mỗi 12 tháng [1]. Lãi suất thì nên hỏi ngân hàng."],
  ])("discards a reply with %s for the plain answers", async (_case, reply) => {
    fake.replies.push(reply);
    const answer = await answerMessageWithModel(knowledge, twoParts, {}, model());
    expect(fake.requests).toHaveLength(1);
    expect(answer.composed).toBeUndefined();
    expect(answer.parts).toEqual(answerMessage(knowledge, twoParts, {}).parts);
  });

  it("is not asked for when composing is switched off", async () => {
    await answerMessageWithModel(knowledge, twoParts, {}, model({ rewrite: true, compose: false, phrasings: false }));
    expect(fake.requests).toHaveLength(0);
  });
});
