import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

/**
 * What a person gets for what they type, through the whole bot (routing, small talk, requests,
 * the knowledge base), over the web chat's real HTTP API.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

interface ChatReply {
  text: string;
  buttons?: { label: string; action: string }[];
}

async function say(text: string, sessionId?: string): Promise<{ sessionId: string; replies: ChatReply[] }> {
  const response = await fetch(`${app.baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, ...(sessionId ? { sessionId } : {}) }),
  });
  return (await response.json()) as { sessionId: string; replies: ChatReply[] };
}

const feedbackEntry = (reply: ChatReply | undefined) => reply?.buttons?.find((button) => button.action.startsWith("fb:up:"))?.action.slice("fb:up:".length);

describe("small talk", () => {
  it.each([
    ["chào bạn", "smalltalk.greeting"],
    ["cam on nhieu nha", "smalltalk.thanks"],
    ["ok e hiểu r", "smalltalk.ok"],
    ["bạn là người hay máy vậy", "smalltalk.who"],
  ])("answers %s briefly, with the menu", async (message, key) => {
    const { replies } = await say(message);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(texts.t("vi", key));
    expect(replies[0]!.buttons!.map((button) => button.action)).toContain("kb:ask");
  });

  it("answers English small talk in English", async () => {
    const { replies } = await say("thank you so much");
    expect(replies[0]!.text).toBe(texts.t("en", "smalltalk.thanks"));
  });

  it("answers the question after a greeting instead of greeting back", async () => {
    const { replies } = await say("chào bạn, cho hỏi vay trên 200 triệu để đi Nhật có phải thế chấp không");
    expect(feedbackEntry(replies.at(-1))).toBe("loan-collateral");
  });
});

describe("what people ask the bot to do", () => {
  it("opens the conversation with staff when asked for a person", async () => {
    const { replies } = await say("cho tôi gặp cán bộ nói chuyện trực tiếp");
    expect(replies[0]!.text).toBe(texts.t("vi", "handoff.confirm"));
  });

  it("offers the registration form to someone who wants to register", async () => {
    const { replies } = await say("em muốn đăng ký đi Nhật");
    expect(replies[0]!.buttons!.map((button) => button.action)).toContain("flow:reg");
  });

  it("does not start the calculator for a question about a province's loans", async () => {
    const { replies } = await say("nghi quyet 02 cua tinh soc trang cho vay toi da bao nhieu");
    expect(replies.at(-1)!.buttons!.some((button) => button.action.startsWith("loan:"))).toBe(false);
  });
});

describe("knowledge answers in context", () => {
  it("answers a labour-export collateral question that names the land certificate", async () => {
    const { replies } = await say("Cầm sổ đỏ ở ngân hàng chính sách để vay 300 triệu cho con đi Hàn được không");
    expect(feedbackEntry(replies.at(-1))).toBe("loan-collateral");
  });

  it("refuses a home loan that names the land certificate", async () => {
    const { replies } = await say("vay thế chấp sổ đỏ để mua nhà lãi bao nhiêu");
    expect(replies[0]!.text).toBe(texts.t("vi", "kb.outOfScope"));
  });

  it("reads a bare 'vay' as the loan, not as 'vậy' pointing back", async () => {
    const { replies } = await say("vay đi Nhật được bao nhiêu?");
    expect(feedbackEntry(replies.at(-1))).toBe("loan-max-amount");
  });

  it("answers a national question with the national rule, not a province's", async () => {
    const { replies } = await say("con toi muon di nhat thi vay dc bao nhieu");
    expect(feedbackEntry(replies.at(-1))).toBe("loan-max-amount");
  });

  it("answers a follow-up in the light of the question before it", async () => {
    const first = await say("vay đi nước ngoài thì ngân hàng tính lãi suất thế nào");
    expect(feedbackEntry(first.replies.at(-1))).toBe("loan-interest-rate-rule");
    const { replies } = await say("thế nợ quá hạn thì sao?", first.sessionId);
    expect(feedbackEntry(replies.at(-1))).toBe("loan-overdue-rate");
  });

  it("notes where the person lives when that is all they say", async () => {
    const { replies } = await say("em ở xã Bình Điền, Huế nha");
    expect(replies[0]!.text).toBe(texts.t("vi", "kb.placeNoted", { place: texts.t("vi", "kb.place.hue") }));
  });

  it("answers a question that names a place or a local plan instead of only noting the place", async () => {
    for (const question of ["muc vay toi da theo nq 02 soc trang", "kế hoạch 2740 hương trà"]) {
      const { replies } = await say(question);
      expect(replies[0]!.text).not.toBe(
        texts.t("vi", "kb.placeNoted", { place: texts.t("vi", question.includes("soc") ? "kb.place.can-tho" : "kb.place.hue") }),
      );
      expect(feedbackEntry(replies.at(-1))).toBeDefined();
    }
  });

  it("answers each part of a question in parts, each with its own source", async () => {
    const { replies } = await say("Vay 150 triệu có phải thế chấp không? Lãi suất vay tính thế nào?");
    const answers = replies.filter((reply) => reply.text.includes(texts.t("vi", "kb.reviewed", { date: "" }).trim().split(" ")[0]!));
    expect(answers.length).toBe(2);
  });

  it("introduces an answer to an English question in English", async () => {
    const { replies } = await say("how much can I borrow to work in Japan?");
    expect(replies[0]!.text).toBe(texts.t("en", "kb.englishIntro"));
    expect(feedbackEntry(replies.at(-1))).toBe("loan-max-amount");
  });
});
