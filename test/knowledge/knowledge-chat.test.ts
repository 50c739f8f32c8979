import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

interface ChatReply {
  text: string;
  buttons?: { label: string; action: string }[];
  sources?: { document: string; article?: string }[];
}

async function chat(body: object): Promise<{ sessionId: string; replies: ChatReply[] }> {
  const response = await fetch(`${app.baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { sessionId: string; replies: ChatReply[] };
}

describe("questions in the web chat", () => {
  it("answers with the entry, its sources, review date and feedback buttons", async () => {
    const { replies } = await chat({ text: "Vay trên 200 triệu để đi Nhật có phải thế chấp tài sản không?" });
    const [answer] = replies;
    expect(answer!.sources!.length).toBeGreaterThan(0);
    expect(answer!.sources![0]!.document).toMatch(/338\/2025/);
    expect(answer!.text).toContain("Rà soát ngày");
    expect(answer!.buttons!.map((b) => b.action)).toEqual(expect.arrayContaining(["fb:up:loan-collateral", "fb:down:loan-collateral"]));
  });

  it("says honestly that an unconfirmed fact is not confirmed, and whom to ask", async () => {
    const { replies } = await chat({ action: "kb:loan-dossier" });
    expect(replies[0]!.text).toContain("CHƯA được xác nhận");
  });

  it("marks a rule that ended and links to the one in force", async () => {
    const { replies } = await chat({ action: "kb:old-loan-overview" });
    expect(replies[0]!.text).toContain("chỉ áp dụng đến hết ngày 31/12/2025");
    expect(replies[0]!.buttons![0]!.label).toBe(texts.t("vi", "kb.current"));
  });

  it("opens a merged entry from a button that still names its former id", async () => {
    const { replies } = await chat({ action: "kb:law-work-study-not-covered" });
    expect(replies[0]!.buttons!.map((b) => b.action)).toEqual(expect.arrayContaining(["fb:up:workstudy-not-law-69", "fb:down:workstudy-not-law-69"]));
  });

  it("thanks for feedback", async () => {
    const { replies } = await chat({ action: "fb:up:loan-collateral" });
    expect(replies[0]!.text).toBe(texts.t("vi", "kb.thanks"));
  });

  it("refuses a mortgage question politely, saying what it does answer", async () => {
    const { replies } = await chat({ text: "vay mua nhà trả góp lãi suất bao nhiêu" });
    expect(replies[0]!.text).toBe(texts.t("vi", "kb.outOfScope"));
  });

  it("refuses other NHCSXH programmes and sightseeing, but not a question that only reads like them without accents", async () => {
    for (const text of ["nhcsxh cho vay nước sạch bao nhiêu", "đi chơi nhật mùa nào đẹp", "thi bằng lái xe máy ở đâu"]) {
      expect((await chat({ text })).replies[0]!.text).toBe(texts.t("vi", "kb.outOfScope"));
    }
    // "bằng lãi" folds to the same letters as "bằng lái"; the tsbd shorthand is "tài sản bảo đảm".
    for (const text of ["nhóm nào được lãi bằng lãi hộ nghèo", "vay 90tr có cần tsbd không"]) {
      const { replies } = await chat({ text });
      expect(replies.at(-1)!.buttons!.some((button) => button.action.startsWith("fb:up:"))).toBe(true);
    }
  });

  it("starts the loan calculator when asked to work out a loan rather than asked about the law", async () => {
    const { replies } = await chat({ text: "tính thử khoản vay" });
    const actions = replies.at(-1)!.buttons!.map((b) => b.action);
    expect(actions.filter((action) => action.startsWith("loan:")).length).toBeGreaterThan(1);
  });

  it("offers to hand the conversation to staff from a 'did you mean' choice", async () => {
    const { replies } = await chat({ action: "ho:asked" });
    expect(replies[0]!.buttons!.map((button) => button.action)).toEqual(["ho:yes", "ho:no"]);
  });
});
