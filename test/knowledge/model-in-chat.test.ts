import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { FakeOpenAi, type ChatRequest } from "../fakes/fake-openai.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let fake: FakeOpenAi;

const composed =
  "Thực tập sinh đi Nhật trả tiền dịch vụ tối đa 1 tháng lương cho mỗi 12 tháng làm việc [1]. " + "Lãi suất vay bằng 127% lãi suất cho vay hộ nghèo [2].";

// The fake answers as a good model would: each use recognised by its instructions.
function reply(request: ChatRequest): string {
  const system = request.messages[0]!.content;
  if (system.includes("gộp các ý")) return composed;
  return request.messages[1]!.content.includes("cấp huyên") ? "Từ ngày nào không còn cấp huyện?" : "KHONG";
}

beforeAll(async () => {
  fake = await new FakeOpenAi().start();
  fake.otherwise = reply;
  app = await startTestApp({ LLM_BASE_URL: fake.url, LLM_MODEL: "qwen-test", LLM_COMPOSE: "on" });
});
afterAll(async () => {
  await app?.close();
  await fake?.stop();
});

interface ChatReply {
  text: string;
  buttons?: { label: string; action: string }[];
  sources?: { document: string }[];
}

async function chat(text: string): Promise<ChatReply[]> {
  const response = await fetch(`${app.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
  return ((await response.json()) as { replies: ChatReply[] }).replies;
}

describe("the web chat with a language model configured", () => {
  it("answers a question the search alone would refuse with the entry the model's rewording finds, and its sources", async () => {
    const [answer] = await chat("cấp huyên chấm dứt từ ngày nào");
    expect(answer!.text).toContain("Rà soát ngày");
    expect(answer!.sources!.length).toBeGreaterThan(0);
    expect(answer!.buttons!.map((button) => button.action)).toContain("fb:up:reorg-district-abolished");
    // Curators still see it among the weakly answered questions, to add the phrasing the model found.
    const logged = await app.database.prisma.questionLogEntry.findFirst({ where: { question: "cấp huyên chấm dứt từ ngày nào" } });
    expect(logged).toMatchObject({ outcome: "answer", entryId: "reorg-district-abolished" });
    expect(logged!.coverage).toBeLessThan(0.3);
  });

  it("never sends the model a citizen ID or a phone number the person typed", async () => {
    const before = fake.requests.length;
    await chat("cấp huyên chấm dứt từ ngày nào, cccd em 079203001234, sđt 0912 345 678, zalo 0987654321");
    expect(fake.requests.length).toBeGreaterThan(before);
    const sent = fake.receivedText();
    for (const secret of ["079203001234", "0912 345 678", "0987654321"]) expect(sent).not.toContain(secret);
    expect(sent).not.toMatch(/\d{9,}/);
  });

  it("says a question in two parts in one checked reply, each entry numbered with its sources", async () => {
    const replies = await chat("đi Nhật phải trả tiền dịch vụ tối đa bao nhiêu và lãi suất vay bao nhiêu");
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.text.startsWith(composed)).toBe(true);
    expect(reply!.text).toMatch(/\[1\] Đi Nhật \(thực tập sinh\)/);
    expect(reply!.text).toMatch(/\[2\] Lãi suất vay/);
    expect(reply!.sources!.map((source) => source.document)).toEqual(expect.arrayContaining(["Nghị định 338/2025/NĐ-CP"]));
    expect(reply!.buttons!.map((button) => button.action)).toContain("fb:up:market-japan-service-fee");
  });
});
