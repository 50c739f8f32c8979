import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotCore, IncomingMessage, Reply } from "../../src/bot/core/index.js";
import { openTestDatabase } from "../helpers/database.js";
import { citizenIdBornIn1995Male, completeAnswers, registrationsOn, t, type Input } from "./fixtures.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let core: BotCore;
let registrations: ReturnType<typeof registrationsOn>["registrations"];
beforeAll(async () => {
  database = await openTestDatabase();
  ({ core, registrations } = registrationsOn(database));
});
afterAll(async () => database.dropAll());

let people = 0;
function person() {
  const who = { channel: "cli" as const, userId: `flow-${++people}` };
  const send = async (input: Input | Omit<IncomingMessage, "channel" | "userId">): Promise<Reply[]> => (await core.handle({ ...who, ...input })).replies;
  return { ...who, send };
}

async function fillUpTo(p: ReturnType<typeof person>, count: number, citizenId = citizenIdBornIn1995Male()) {
  await p.send({ text: "/dangky" });
  await p.send({ action: "reg:c:yes" });
  for (const input of completeAnswers(citizenId).slice(0, count)) await p.send(input);
}

const texts = (replies: Reply[]) => replies.map((reply) => reply.text).join("\n---\n");
const actions = (replies: Reply[]) => replies.flatMap((reply) => reply.buttons ?? []).map((button) => button.action);

describe("the registration form", () => {
  it("asks for consent first, saying what is collected, why, who sees it and how to withdraw", async () => {
    const replies = await person().send({ text: "/dangky" });
    expect(replies[0]!.text).toBe(t("reg.consent.text", { version: "2026-11-v1" }));
    expect(replies[0]!.text).toMatch(/Thu thập gì[\s\S]*Để làm gì[\s\S]*Ai được xem[\s\S]*\/xoadulieu/);
    expect(actions(replies)).toEqual(["reg:c:yes", "reg:c:no"]);
  });

  it("is reached from the menu entry", async () => {
    const p = person();
    const menu = await p.send({ text: "/menu" });
    expect(menu[0]!.buttons).toContainEqual({ label: "📝 Đăng ký đi làm việc ở nước ngoài", action: "flow:reg" });
    expect((await p.send({ action: "flow:reg" }))[0]!.text).toContain("Trước khi bắt đầu");
  });

  it("stores nothing and returns to the menu when consent is refused", async () => {
    const p = person();
    await p.send({ text: "/dangky" });
    const replies = await p.send({ action: "reg:c:no" });
    expect(replies[0]!.text).toBe(t("reg.consent.declined"));
    expect(await database.prisma.registrationDraft.count({ where: { userId: p.userId } })).toBe(0);
    expect((await p.send({ text: "/trangthai" }))[0]!.text).toBe(t("reg.status.none"));
  });

  it("takes the whole form, shows a masked summary, and gives a reference code on confirm", async () => {
    const p = person();
    const citizenId = citizenIdBornIn1995Male();
    await p.send({ text: "/dangky" });
    await p.send({ action: "reg:c:yes" });
    let last: Reply[] = [];
    for (const input of completeAnswers(citizenId)) last = await p.send(input);
    const summary = texts(last);
    expect(summary).toContain("Nguyễn Văn An");
    expect(summary).toContain(`*********${citizenId.slice(-3)}`);
    expect(summary).toContain("091*****78");
    expect(summary).not.toContain(citizenId);
    expect(summary).not.toContain("0912345678");
    expect(summary).toContain("Thành phố Cần Thơ");
    expect(summary).toContain("120.000.000 đ");
    expect(actions(last)).toEqual(["reg:confirm", "reg:edit", "reg:stop"]);

    const saved = await p.send({ action: "reg:confirm" });
    const code = /DK-[A-Z2-9]{6}/.exec(saved[0]!.text)?.[0];
    expect(code).toBeDefined();
    const row = await database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: code! } });
    expect(row).toMatchObject({ fullName: "Nguyễn Văn An", provinceCode: "can-tho", communeName: "Xã Long Phú", status: "submitted" });
    expect(await database.prisma.registrationDraft.count({ where: { userId: p.userId } })).toBe(0);
  });

  it("maps an old province name to the post-2025 unit and says so", async () => {
    const p = person();
    await fillUpTo(p, 6);
    const replies = await p.send({ text: "tỉnh Sóc Trăng" });
    expect(replies[0]!.text).toBe(t("reg.notice.formerProvince", { old: "Sóc Trăng", current: "Thành phố Cần Thơ", since: "12/06/2025" }));
    expect(replies[1]!.text).toContain(t("reg.ask.commune"));
  });

  it("refuses a contract worker under 18 and gives the reason from Luật 69/2020", async () => {
    const p = person();
    await fillUpTo(p, 2);
    const thisYear = new Date().getFullYear();
    const replies = await p.send({ text: `01/01/${thisYear - 16}` });
    expect(replies[0]!.text).toContain("Luật số 69/2020/QH14");
    expect(replies[0]!.text).toContain("16 tuổi");
    expect(replies[0]!.text).toContain(`01/01/${thisYear + 2}`);
    expect(actions(replies)).toEqual(["reg:age:retry", "reg:age:student", "reg:stop"]);
  });

  it("lets a 16-year-old switch to work-study and skips the programme question", async () => {
    const p = person();
    await fillUpTo(p, 2);
    await p.send({ text: `01/01/${new Date().getFullYear() - 16}` });
    const replies = await p.send({ action: "reg:age:student" });
    expect(replies[0]!.text).toContain(t("reg.ask.gender"));
    const state = await database.prisma.conversation.findUniqueOrThrow({ where: { channel_userId: { channel: "cli", userId: p.userId } } });
    expect((state.flow as { data: { answers: Record<string, unknown> } }).data.answers.applicantType).toBe("student");
  });

  it("asks again for the citizen ID when it is not 12 digits, with an example", async () => {
    const p = person();
    await fillUpTo(p, 4);
    const replies = await p.send({ text: "12345" });
    expect(replies[0]!.text).toContain(t("reg.error.citizenId.length", { count: 5 }));
    expect(replies[0]!.text).toContain(t("reg.example.citizenId"));
    expect(replies[0]!.text).toContain(t("reg.ask.citizenId"));
  });

  it("refuses a citizen ID whose century/gender digit contradicts the birth year and gender", async () => {
    const p = person();
    await fillUpTo(p, 4);
    // 4th digit 3: a woman born in the 2000s; the form said a man born in 1995.
    const replies = await p.send({ text: "092395012345" });
    expect(replies[0]!.text).toContain(t("reg.error.citizenId.centuryGender", { digit: "3", year: 1995 }));
  });

  it("offers help from staff after three failed tries, and keeps asking the same field", async () => {
    const p = person();
    await fillUpTo(p, 5);
    await p.send({ text: "không nhớ" });
    await p.send({ text: "123" });
    const third = await p.send({ text: "abc" });
    expect(third.at(-1)!.text).toBe(t("reg.staffHelp"));
    expect(third[0]!.text).toContain(t("reg.ask.phone"));
  });

  it("answers a question typed mid-form and asks the same field again", async () => {
    const p = person();
    await fillUpTo(p, 5);
    const replies = await p.send({ text: "cho hỏi vay được bao nhiêu" });
    expect(replies.at(-1)!.text).toContain(t("reg.ask.phone"));
    expect(replies.length).toBeGreaterThan(1);
    // The question was not taken as a (wrong) phone number.
    expect(texts(replies)).not.toContain(t("reg.error.phone.format"));
  });

  it("never crashes on stickers, emoji, HTML or very long text in the middle of the form", async () => {
    const p = person();
    await fillUpTo(p, 1);
    expect((await p.send({ unsupported: true })).at(-1)!.text).toContain(t("reg.ask.fullName"));
    expect((await p.send({ text: "😀😀😀" }))[0]!.text).toContain(t("reg.error.fullName.format"));
    expect((await p.send({ text: "<b>Nguyễn</b> <script>x</script>" }))[0]!.text).toContain(t("reg.error.fullName.format"));
    expect((await p.send({ text: "a".repeat(4000) }))[0]!.text).toContain(t("reg.error.fullName.long"));
    expect((await p.send({ text: "Trần Thị Bình" }))[0]!.text).toContain(t("reg.ask.birthDate"));
  });

  it("ignores a button of an earlier question and asks the current one again", async () => {
    const p = person();
    await fillUpTo(p, 3);
    const replies = await p.send({ action: "reg:v:applicantType:student" });
    expect(replies[0]!.text).toContain(t("reg.ask.gender"));
  });

  it("stops at any step with /cancel", async () => {
    const p = person();
    await fillUpTo(p, 3);
    expect((await p.send({ text: "/cancel" }))[0]!.text).toBe(t("cancelled"));
    expect((await p.send({ text: "0912345678" }))[0]!.text).not.toContain(t("reg.ask.phone"));
  });

  it("forgets the draft after /cancel, so /dangky starts from consent instead of offering to continue", async () => {
    const p = person();
    await fillUpTo(p, 5);
    await p.send({ text: "/cancel" });
    const again = await p.send({ text: "/dangky" });
    expect(again[0]!.text).not.toContain("đang làm dở");
    expect(actions(again)).not.toContain("reg:resume");
  });

  it("offers the draft right after the welcome when the person comes back with /start", async () => {
    const p = person();
    await fillUpTo(p, 5);
    const replies = await p.send({ text: "/start" });
    expect(replies[0]!.text).toBe(t("welcome"));
    expect(actions(replies.slice(1))).toEqual(["reg:resume", "reg:restart", "reg:stop"]);
  });

  it("offers to continue a draft after /start, and continues where it stopped", async () => {
    const p = person();
    await fillUpTo(p, 5);
    await p.send({ text: "/start" });
    const offer = await p.send({ text: "/dangky" });
    expect(offer[0]!.text).toContain("đang làm dở");
    expect(actions(offer)).toEqual(["reg:resume", "reg:restart", "reg:stop"]);
    expect((await p.send({ action: "reg:resume" }))[0]!.text).toContain(t("reg.ask.phone"));
  });

  it("starts again from consent, forgetting the draft, when the person chooses to", async () => {
    const p = person();
    await fillUpTo(p, 5);
    await p.send({ text: "/start" });
    await p.send({ text: "/dangky" });
    expect((await p.send({ action: "reg:restart" }))[0]!.text).toContain("Trước khi bắt đầu");
    expect(await database.prisma.registrationDraft.count({ where: { userId: p.userId } })).toBe(0);
  });

  it("keeps the citizen ID and phone of a draft encrypted in the database", async () => {
    const p = person();
    const citizenId = citizenIdBornIn1995Male();
    await fillUpTo(p, 6, citizenId);
    const rows = await database.prisma.$queryRawUnsafe<{ text: string }[]>(
      `SELECT (SELECT row_to_json(d)::text FROM registration_drafts d WHERE user_id = $1) || (SELECT row_to_json(c)::text FROM conversations c WHERE user_id = $1) AS text`,
      p.userId,
    );
    expect(rows[0]!.text).toContain("answers");
    expect(rows[0]!.text).not.toContain(citizenId);
    expect(rows[0]!.text).not.toContain("912345678");
  });

  it("edits one field from the summary and comes back to the summary", async () => {
    const p = person();
    await fillUpTo(p, 18);
    await p.send({ action: "reg:edit" });
    expect((await p.send({ action: "reg:e:occupation" }))[0]!.text).toContain(t("reg.ask.occupation"));
    const summary = await p.send({ text: "may công nghiệp" });
    expect(summary[0]!.text).toContain("may công nghiệp");
    expect(actions(summary)).toContain("reg:confirm");
  });

  it("asks the citizen ID again when an edited birth year no longer matches it", async () => {
    const p = person();
    await fillUpTo(p, 18);
    await p.send({ action: "reg:edit" });
    await p.send({ action: "reg:e:birthDate" });
    const replies = await p.send({ text: "05/03/1996" });
    expect(replies[0]!.text).toBe(t("reg.notice.citizenIdAgain"));
    expect(replies[1]!.text).toContain(t("reg.ask.citizenId"));
  });

  it("keeps one typed lower-case word as the occupation and the languages, shown as typed (never an unknown text key)", async () => {
    const p = person();
    await p.send({ text: "/dangky" });
    await p.send({ action: "reg:c:yes" });
    let last: Reply[] = [];
    const answers = completeAnswers(citizenIdBornIn1995Male(), { occupation: { text: "welder" }, languages: { text: "han" } });
    for (const input of answers) last = await p.send(input);
    const summary = texts(last);
    expect(summary).toContain(`${t("reg.field.occupation")}: welder`);
    expect(summary).toContain(`${t("reg.field.languages")}: han`);
    const code = /DK-[A-Z2-9]{6}/.exec((await p.send({ action: "reg:confirm" }))[0]!.text)![0];
    expect(await database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: code } })).toMatchObject({ occupation: "welder", languages: "han" });
    expect((await p.send({ text: "/trangthai" }))[0]!.text).toContain(code);
  });

  it("shows the person's registration with masked ID and phone on /trangthai, and lets them withdraw it", async () => {
    const p = person();
    const citizenId = citizenIdBornIn1995Male();
    await fillUpTo(p, 18, citizenId);
    const code = /DK-[A-Z2-9]{6}/.exec((await p.send({ action: "reg:confirm" }))[0]!.text)![0];
    const status = await p.send({ text: "/trangthai" });
    expect(status[0]!.text).toContain(code);
    expect(status[0]!.text).toContain(t("reg.choice.status.submitted"));
    expect(status[0]!.text).toContain(`*********${citizenId.slice(-3)}`);
    expect(status[0]!.text).toContain("091*****78");
    expect(texts(status)).not.toContain(citizenId);
    await p.send({ action: `regme:wd:${code}` });
    expect((await p.send({ action: `regme:wdy:${code}` }))[0]!.text).toBe(t("reg.withdraw.done"));
    const events = await registrations.service.history(code);
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actor])).toEqual([
      [null, "submitted", "citizen:cli"],
      ["submitted", "withdrawn", "citizen:cli"],
    ]);
  });

  it("tells the person on /trangthai what staff recorded since, in plain words", async () => {
    const p = person();
    await fillUpTo(p, 18);
    const code = /DK-[A-Z2-9]{6}/.exec((await p.send({ action: "reg:confirm" }))[0]!.text)![0];
    const mine = await database.prisma.registration.findFirstOrThrow({ where: { referenceCode: code }, select: { id: true } });
    await registrations.outcomes.record(
      mine.id,
      { kind: "loan_applied", occurredOn: "2026-10-02", amountVnd: 100_000_000, loanProgramme: "local" },
      { scope: {}, actor: "staff:test" },
    );
    const status = await p.send({ text: "/trangthai" });
    expect(status[0]!.text).toContain(code);
    expect(status[0]!.text).toContain("đang chờ Ngân hàng Chính sách xã hội xét duyệt");
    expect(status[0]!.text).toContain("100.000.000");
  });

  it("erases personal data on /xoadulieu after confirmation, keeping an anonymous statistics row", async () => {
    const p = person();
    const citizenId = citizenIdBornIn1995Male();
    await fillUpTo(p, 18, citizenId);
    const code = /DK-[A-Z2-9]{6}/.exec((await p.send({ action: "reg:confirm" }))[0]!.text)![0];
    const { id } = await database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: code } });
    expect((await p.send({ text: "/xoadulieu" }))[0]!.text).toBe(t("reg.erase.confirm"));
    expect((await p.send({ action: "regme:erase-yes" }))[0]!.text).toBe(t("reg.erase.done"));
    const row = await database.prisma.registration.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      referenceCode: null,
      fullName: null,
      birthDate: null,
      citizenIdCipher: null,
      citizenIdHash: null,
      phoneCipher: null,
      communeName: null,
      channelUserId: null,
      status: "withdrawn",
      birthYear: 1995,
      provinceCode: "can-tho",
      desiredCountry: "japan",
    });
    expect(row.anonymisedAt).toBeInstanceOf(Date);
    expect((await p.send({ text: "/trangthai" }))[0]!.text).toBe(t("reg.status.none"));
  });

  it("saves one registration when two answers of one person arrive at once", async () => {
    const p = person();
    await fillUpTo(p, 18);
    const [first, second] = await Promise.all([p.send({ action: "reg:confirm" }), p.send({ action: "reg:confirm" })]);
    expect(first[0]!.text).toMatch(/DK-[A-Z2-9]{6}/);
    // The second turn sees the flow already finished: it is not saved twice.
    expect(second[0]!.text).not.toMatch(/DK-/);
    expect(await database.prisma.registration.count({ where: { channelUserId: p.userId } })).toBe(1);
  });

  it("keeps both answers when two messages of one person arrive at once mid-form", async () => {
    const p = person();
    await fillUpTo(p, 4);
    const citizenId = citizenIdBornIn1995Male();
    await Promise.all([p.send({ text: citizenId }), p.send({ text: "0912 345 678" })]);
    const draft = await registrations.service.drafts.load({ channel: "cli", userId: p.userId });
    const answers = draft!.answers.answers as Record<string, string>;
    expect(registrations.service.open(answers.citizenId!)).toBe(citizenId);
    expect(registrations.service.open(answers.phone!)).toBe("+84912345678");
  });

  it("keeps a form going in a new core on the same database, as after a restart", async () => {
    const p = person();
    await fillUpTo(p, 5);
    const restarted = registrationsOn(database).core;
    const replies = (await restarted.handle({ channel: "cli", userId: p.userId, text: "0912345678" })).replies;
    expect(replies.at(-1)!.text).toContain(t("reg.ask.province"));
  });
});
