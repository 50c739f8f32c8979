import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { createKnowledgeCuration, createKnowledgeHolder, createStoredQuestionLog } from "../../src/knowledge/curation/index.js";
import { modelProposer, proposePhrasingsFromModel } from "../../src/knowledge/curation/model-suggestions.js";
import { loadKnowledgeBase } from "../../src/knowledge/index.js";
import { createModelAssistant, createOpenAiCompatibleModel } from "../../src/llm/index.js";
import { FakeOpenAi } from "../fakes/fake-openai.js";
import { silentLogger } from "../helpers/app.js";
import { openTestDatabase } from "../helpers/database.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let fake: FakeOpenAi;
// Approving is not tested here (curation-review does): proposals only, so the repository's content is never written.
const knowledge = createKnowledgeHolder(() => loadKnowledgeBase(contentDir));

beforeAll(async () => {
  database = await openTestDatabase();
  fake = await new FakeOpenAi().start();
  const log = createStoredQuestionLog({ prisma: database.prisma, sql: database.sql, logger: silentLogger });
  for (const question of ["cấp huyên chấm dứt từ ngày nào", "cấp huyên chấm dứt từ ngày nào vậy", "cấp huyên chấm dứt từ ngày nào ạ"]) {
    await log.record({ question, outcome: "fallback", channel: "web" });
  }
});
afterAll(async () => {
  await fake?.stop();
  await database?.dropAll();
});
beforeEach(async () => {
  await database.prisma.phrasingProposal.deleteMany();
  fake.requests.length = 0;
});

function run(phrasings = true) {
  const curation = createKnowledgeCuration({ prisma: database.prisma, knowledge, contentDir });
  const assistant = createModelAssistant({
    model: createOpenAiCompatibleModel({ baseUrl: fake.url, model: "qwen-test" }),
    settings: { timeoutMs: 2000, dailyCalls: 100, uses: { rewrite: false, compose: false, phrasings } },
    logger: pino({ level: "silent" }),
  });
  return proposePhrasingsFromModel({ assistant, knowledge, review: curation.review, proposals: curation.proposals, since: new Date(0), groups: 10 });
}

describe("phrasings the model suggests for groups of unanswered questions", () => {
  it("become pending proposals for the entry the model chose among those retrieved, for a curator to decide", async () => {
    fake.otherwise = (request) => {
      const listed = request.messages[1]!.content.split("\n").filter((line) => /^\[\d+\]/.test(line));
      const number = listed.findIndex((line) => line.includes("cấp huyện")) + 1;
      return number ? `[${number}] cấp huyện chấm dứt từ ngày nào` : "KHONG";
    };
    expect(await run()).toBe(1);
    const [proposal] = await database.prisma.phrasingProposal.findMany();
    expect(proposal).toMatchObject({
      entryId: "reorg-district-abolished",
      question: "cấp huyện chấm dứt từ ngày nào",
      status: "pending",
      proposedBy: modelProposer,
    });
  });

  it("propose nothing when the model names an entry it was not given, or says none fits", async () => {
    fake.replies.push("[9] cấp huyện chấm dứt từ ngày nào");
    fake.otherwise = "KHONG";
    await run();
    await run();
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(await database.prisma.phrasingProposal.count()).toBe(0);
  });

  it("ask the model nothing when the use is switched off", async () => {
    expect(await run(false)).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});
