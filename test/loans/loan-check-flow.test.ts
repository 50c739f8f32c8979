import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/bot/core/index.js";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

/** A visitor of the web chat, with their session kept between messages. */
async function visitor(locale: "vi" | "en" = "vi") {
  let sessionId: string | undefined;
  const send = async (input: { text?: string; action?: string }): Promise<Reply[]> => {
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId, ...input }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sessionId: string; replies: Reply[] };
    sessionId = body.sessionId;
    return body.replies;
  };
  await send({});
  if (locale === "en") await send({ action: "lang:en" });
  return send;
}

const t = (key: string, params?: Record<string, string | number>) => texts.t("vi", key, params);
const allText = (replies: Reply[]) => replies.map((reply) => reply.text).join("\n\n");
const actions = (reply: Reply | undefined) => reply?.buttons?.map((button) => button.action) ?? [];
const last = (replies: Reply[]) => replies[replies.length - 1]!;

/** Answers every question of a contract worker's check; `answers` replaces some of them. */
async function finishCheck(send: Awaited<ReturnType<typeof visitor>>, answers: Partial<Record<string, { text?: string; action?: string }>> = {}) {
  const steps: [string, { text?: string; action?: string }][] = [
    ["applicant", { action: "loan:applicant.contract-worker" }],
    ["destination", { text: "Nhật" }],
    ["cost", { text: "150 triệu" }],
    ["support", { text: "3tr" }],
    ["months", { text: "3 năm" }],
    ["group", { action: "loan:group.none" }],
    ["province", { action: "loan:province.other" }],
  ];
  await send({ text: "/vay" });
  let replies: Reply[] = [];
  for (const [step, input] of steps) {
    if (step === "destination" && answers.applicant?.action === "loan:applicant.eps") continue;
    replies = await send(answers[step] ?? input);
  }
  return replies;
}

describe("loan check in the web chat", () => {
  it("is offered in the main menu", async () => {
    const send = await visitor();
    const [menu] = await send({ text: "/menu" });
    expect(menu!.buttons).toContainEqual({ label: "💰 Tính thử khoản vay", action: "flow:loan" });
  });

  it("starts from the menu button and from /vay with the first question and its buttons", async () => {
    for (const input of [{ action: "flow:loan" }, { text: "/vay" }]) {
      const send = await visitor();
      const replies = await send(input);
      expect(replies[0]!.text).toBe(t("loan.intro"));
      expect(replies[1]!.text).toBe(t("loan.ask.numbered", { n: 1, total: 7, question: t("loan.ask.applicant") }));
      expect(actions(replies[1])).toEqual(["loan:applicant.contract-worker", "loan:applicant.eps", "loan:applicant.work-study", "cancel"]);
    }
  });

  it("accepts a typed answer as well as a pressed button", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    const [next] = await send({ text: "đi xuất khẩu lao động" });
    expect(next!.text).toContain(t("loan.ask.destination"));
  });

  it("asks again politely, with an example, when the cost cannot be read", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    await send({ action: "loan:applicant.contract-worker" });
    await send({ action: "loan:destination.japan" });
    const [again] = await send({ text: "nhiều lắm" });
    expect(again!.text).toContain(t("loan.retry.amount.unreadable", { input: "nhiều lắm" }));
    expect(again!.text).toContain(t("loan.ask.cost"));
  });

  it("refuses a negative or absurd cost and says why", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    await send({ action: "loan:applicant.contract-worker" });
    await send({ action: "loan:destination.japan" });
    expect((await send({ text: "-150 triệu" }))[0]!.text).toContain(t("loan.retry.amount.negative"));
    expect((await send({ text: "0" }))[0]!.text).toContain(t("loan.retry.amount.zero"));
    expect((await send({ text: "50 tỷ" }))[0]!.text).toContain(t("loan.retry.amount.too-large", { max: "10.000.000.000 đ" }));
  });

  it("offers 150 million for a bare 150 and takes it when pressed", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    await send({ action: "loan:applicant.contract-worker" });
    await send({ action: "loan:destination.japan" });
    const [again] = await send({ text: "150" });
    expect(again!.buttons?.[0]).toEqual({ label: "Ý bạn là 150.000.000 đ?", action: "loan:costVnd.150000000" });
    const [next] = await send({ action: "loan:costVnd.150000000" });
    expect(next!.text).toContain(t("loan.ask.support"));
  });

  it("refuses state support above the cost", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    await send({ action: "loan:applicant.contract-worker" });
    await send({ action: "loan:destination.japan" });
    await send({ text: "100 triệu" });
    const [again] = await send({ text: "200 triệu" });
    expect(again!.text).toContain(t("loan.retry.support.aboveCost", { cost: "100.000.000 đ" }));
  });

  it("asks whether a bare number of the contract length means months or years", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    await send({ action: "loan:applicant.contract-worker" });
    await send({ action: "loan:destination.japan" });
    await send({ text: "150 triệu" });
    await send({ action: "loan:supportVnd.0" });
    const [again] = await send({ text: "36" });
    expect(again!.text).toContain(t("loan.retry.months.missing-unit", { input: "36" }));
  });

  it("shows the current question again when a button of an earlier question is pressed", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    await send({ action: "loan:applicant.contract-worker" });
    const [again] = await send({ action: "loan:applicant.eps" });
    expect(again!.text).toBe(t("loan.ask.numbered", { n: 2, total: 7, question: t("loan.ask.destination") }));
  });

  it("answers a contract worker with the national loan: maximum, collateral, rate with its status, term, plan, documents and sources", async () => {
    const replies = await finishCheck(await visitor());
    const text = allText(replies);
    expect(text).toContain(t("loan.eligibility.yes", { name: t("loan.programme.national.name") }));
    // 150,000,000 − 3,000,000 of state support, at 100 %.
    expect(text).toContain("→ với bạn: 147.000.000 đ");
    expect(text).toContain(t("loan.block.collateral.notRequired", { threshold: "200.000.000 đ" }));
    // 127 % × 6.6 = 8.382 %; the base rate is marked as not confirmed with the other report.
    expect(text).toContain(t("loan.block.rate.standard", { share: 127, rate: "8,382" }));
    expect(text).toContain(t("loan.block.rate.valueUnconfirmed", { base: "6,6", asOf: "12/2025", others: "; có nguồn ghi 6,24% từ 01/12/2025" }));
    expect(text).toContain(t("loan.block.overdue", { percent: 130, rate: "10,897" }));
    expect(text).toContain(t("loan.block.term.contract", { months: "36 tháng (3 năm)" }));
    expect(text).toContain(t("loan.docs.title", { name: t("loan.programme.national.name") }));
    expect(text).toContain(t("loan.where", { where: t("loan.programme.national.where") }));
    const programmeBlock = replies.find((reply) => reply.text.startsWith(t("loan.block.title", { name: t("loan.programme.national.name") })))!;
    expect(programmeBlock.sources?.map((source) => source.document)).toEqual(
      expect.arrayContaining(["Nghị định 338/2025/NĐ-CP", "Báo Dân trí", "Báo Đồng Nai"]),
    );
  });

  it("shows the plan as equal principal, cut to the first three months and the last, with totals", async () => {
    const replies = await finishCheck(await visitor());
    const plan = replies.find((reply) => reply.text.startsWith(t("loan.plan.title.equal-principal")))!;
    // Worked out in repayment.test.ts: 147,000,000 over 36 months at 8.382 %.
    expect(plan.text).toContain("Tháng 1: gốc 4.083.333 đ + lãi 1.026.795 đ = 5.110.128 đ; còn nợ 142.916.667 đ");
    expect(plan.text).toContain("Tháng 3: gốc 4.083.333 đ");
    expect(plan.text).not.toContain("Tháng 4:");
    expect(plan.text).toContain("Tháng 36: gốc 4.083.345 đ + lãi 28.522 đ = 4.111.867 đ; còn nợ 0 đ");
    expect(plan.text).toContain(t("loan.plan.totals", { interest: "18.995.709 đ", paid: "165.995.709 đ" }));
    expect(plan.text).toContain(t("loan.plan.method.equal-principal"));
    expect(plan.buttons).toEqual([
      { label: t("loan.plan.button.full"), action: "loanplan:ef:national:147000000:36:none" },
      { label: t("loan.plan.button.annuity"), action: "loanplan:as:national:147000000:36:none" },
    ]);
    for (const button of plan.buttons!) expect(Buffer.byteLength(button.action)).toBeLessThanOrEqual(64);
  });

  it("shows the full table and the equal instalments on request, after the check has ended", async () => {
    const send = await visitor();
    const replies = await finishCheck(send);
    const plan = replies.find((reply) => reply.text.startsWith(t("loan.plan.title.equal-principal")))!;
    const [full] = await send({ action: plan.buttons![0]!.action });
    expect(full!.text.match(/^Tháng \d+:/gm)).toHaveLength(36);
    const [annuity] = await send({ action: plan.buttons![1]!.action });
    expect(annuity!.text).toContain(t("loan.plan.title.annuity"));
    expect(annuity!.text).toContain(t("loan.plan.method.annuity"));
    expect(actions(annuity)).toContain("loanplan:es:national:147000000:36:none");
  });

  it("offers follow-up questions from the knowledge base, a new check and the menu at the end", async () => {
    const replies = await finishCheck(await visitor());
    expect(actions(last(replies))).toEqual(["kb:loan-max-amount", "kb:loan-collateral", "kb:loan-dossier", "kb:loan-where-to-apply", "flow:loan", "menu"]);
  });

  it("requires collateral for a loan above 200 million", async () => {
    const text = allText(await finishCheck(await visitor(), { cost: { text: "250 triệu" }, support: { action: "loan:supportVnd.0" } }));
    expect(text).toContain(t("loan.block.collateral.required", { threshold: "200.000.000 đ" }));
  });

  it("gives a poor household the poor-household rate and says the list is not confirmed", async () => {
    const text = allText(await finishCheck(await visitor(), { group: { text: "hộ nghèo" } }));
    expect(text).toContain(t("loan.block.rate.priority", { rate: "6,6" }));
    expect(text).toContain(t("loan.block.rate.group.priority"));
  });

  it("adds the Sóc Trăng programme in Cần Thơ with no number, only who to ask", async () => {
    const text = allText(await finishCheck(await visitor(), { province: { text: "Sóc Trăng" } }));
    const ask = t("loan.programme.can-tho-nq02.ask");
    expect(text).toContain(t("loan.eligibility.not-confirmed", { name: t("loan.programme.can-tho-nq02.name") }));
    expect(text).toContain(t("loan.block.maxLoan.unknown", { ask }));
    expect(text).toContain(t("loan.block.rate.unknown", { ask }));
  });

  it("tells a work-study student outside Cần Thơ that no programme covers them and what else can help", async () => {
    const replies = await finishCheck(await visitor(), { applicant: { action: "loan:applicant.work-study" }, province: { action: "loan:province.hue" } });
    const text = allText(replies);
    expect(text).toContain(t("loan.result.none"));
    expect(text).toContain(t("loan.result.none.work-study"));
    expect(text).toContain(t("loan.help.work-study-no-state-loan"));
    expect(text).not.toContain(t("loan.plan.title.equal-principal"));
    expect(actions(last(replies))).toContain("kb:workstudy-loans");
  });

  it("skips the destination for EPS and shows the deposit loan without an unconfirmed rate", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    const [second] = await send({ action: "loan:applicant.eps" });
    expect(second!.text).toBe(t("loan.ask.numbered", { n: 2, total: 6, question: t("loan.ask.cost") }));
    await send({ text: "120tr" });
    await send({ text: "không" });
    await send({ action: "loan:months.58" });
    await send({ action: "loan:group.near-poor-household" });
    const text = allText(await send({ action: "loan:province.other" }));
    expect(text).toContain(t("loan.eligibility.yes", { name: t("loan.programme.eps-deposit.name") }));
    expect(text).toContain(t("loan.block.maxLoan.depositCap", { cap: "100.000.000 đ" }));
    expect(text).toContain(t("loan.block.rate.unknown", { ask: t("loan.programme.eps-deposit.ask") }));
    expect(text).toContain(t("loan.block.term.cap", { months: "64 tháng (5 năm 4 tháng)" }));
  });

  it("offers the deposit loan to an EPS worker outside the policy groups as not confirmed, naming the groups it surely covers", async () => {
    const text = allText(await finishCheck(await visitor(), { applicant: { action: "loan:applicant.eps" } }));
    expect(text).toContain(t("loan.eligibility.not-confirmed", { name: t("loan.programme.eps-deposit.name") }));
    expect(text).toContain(
      t("loan.reason.group", {
        groups: ["poor-household", "near-poor-household", "ethnic-minority", "merit-relative", "land-recovered"].map((g) => t(`loan.group.${g}`)).join(", "),
        ask: t("loan.programme.eps-deposit.ask"),
      }),
    );
  });

  it("speaks English to an English-speaking visitor", async () => {
    const replies = await finishCheck(await visitor("en"));
    const text = allText(replies);
    expect(text).toContain(texts.t("en", "loan.block.rate.standard", { share: 127, rate: "8.382" }));
    expect(text).toContain("→ for you: 147,000,000 VND");
  });

  it("stops at any question with /cancel", async () => {
    const send = await visitor();
    await send({ text: "/vay" });
    const [cancelled] = await send({ text: "/cancel" });
    expect(cancelled!.text).toBe(t("cancelled"));
  });

  it("answers a stale or forged plan button politely instead of failing", async () => {
    const send = await visitor();
    const [reply] = await send({ action: "loanplan:ef:national:147000000:36:nobody" });
    expect(reply!.text).toBe(t("loan.plan.expired"));
    expect(actions(reply)).toEqual(["flow:loan"]);
  });
});
