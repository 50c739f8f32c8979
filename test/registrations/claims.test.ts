import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotCore, ChannelName, IncomingMessage, Reply } from "../../src/bot/core/index.js";
import type { OutboundSender, SendOutcome } from "../../src/shared/outbound.js";
import { createClaimContact } from "../../src/bot/features/registration/claim-contact.js";
import { CLAIM_CODE_ATTEMPTS } from "../../src/registrations/index.js";
import { createHandoffService } from "../../src/handoffs/service.js";
import { texts } from "../helpers/core.js";
import { openTestDatabase } from "../helpers/database.js";
import { citizenIdBornIn1995Male, completeAnswers, registrationsOn, t, type Input } from "./fixtures.js";

// Telegram can receive pushes; the web chat cannot (no sender), as in the application.
const pushed: { channel: string; userId: string; text: string }[] = [];
const telegramSender: OutboundSender = {
  channel: "telegram",
  async sendText(userId: string, text: string): Promise<SendOutcome> {
    pushed.push({ channel: "telegram", userId, text });
    return { status: "sent" };
  },
};

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let core: BotCore;
let registrations: ReturnType<typeof registrationsOn>["registrations"];
beforeAll(async () => {
  database = await openTestDatabase();
  const handoffs = createHandoffService({ prisma: database.prisma });
  ({ core, registrations } = registrationsOn(database, { contact: createClaimContact({ senders: () => [telegramSender], texts, handoffs }) }));
});
afterAll(async () => database.dropAll());

let people = 0;
function person(channel: ChannelName) {
  const who = { channel, userId: `claim-${++people}` };
  const send = async (input: Input | Omit<IncomingMessage, "channel" | "userId">): Promise<Reply[]> => (await core.handle({ ...who, ...input })).replies;
  return { ...who, send };
}

async function register(p: ReturnType<typeof person>, citizenId: string, overrides: Partial<Record<string, Input>> = {}): Promise<Reply[]> {
  await p.send({ text: "/dangky" });
  await p.send({ action: "reg:c:yes" });
  for (const input of completeAnswers(citizenId, overrides)) await p.send(input);
  return p.send({ action: "reg:confirm" });
}

const codeOf = (replies: Reply[]) => /DK-[A-Z2-9]{6}/.exec(replies[0]!.text)![0];
const lastCodeTo = (userId: string) => /\b(\d{6})\b/.exec([...pushed].reverse().find((message) => message.userId === userId)!.text)![1]!;
const row = (referenceCode: string) => database.prisma.registration.findUniqueOrThrow({ where: { referenceCode } });

describe("a change to a registration from another account (registration takeover)", () => {
  it("does not let a stranger who knows the citizen ID and phone take over and erase the registration", async () => {
    const owner = person("telegram");
    const citizenId = citizenIdBornIn1995Male();
    const reference = codeOf(await register(owner, citizenId));
    const before = await row(reference);

    // The attack of the security test: a fresh web chat, the victim's ID and phone, another name and place.
    const stranger = person("web");
    const replies = await register(stranger, citizenId, {
      fullName: { text: "Trần Văn Kẻ" },
      province: { text: "Huế" },
      commune: { text: "phường Thuận Hóa" },
    });
    expect(replies[0]!.text).toBe(t("reg.claim.codeSent", { minutes: 10 }));
    const after = await row(reference);
    expect(after).toMatchObject({
      fullName: before.fullName,
      provinceCode: before.provinceCode,
      communeKey: before.communeKey,
      channel: "telegram",
      channelUserId: owner.userId,
    });

    // The registering account is told, with the code.
    const told = pushed.filter((message) => message.userId === owner.userId);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(reference);

    // Erasure from the stranger's account touches nothing of the owner's.
    await stranger.send({ text: "/xoadulieu" });
    expect((await stranger.send({ action: "regme:erase-yes" }))[0]!.text).toBe(t("reg.erase.nothing"));
    expect(await row(reference)).toMatchObject({ fullName: before.fullName, channelUserId: owner.userId, anonymisedAt: null });
  });

  it("stops after the allowed number of wrong codes, and the right code does not help afterwards", async () => {
    const owner = person("telegram");
    const citizenId = citizenIdBornIn1995Male();
    const reference = codeOf(await register(owner, citizenId));
    const stranger = person("web");
    await register(stranger, citizenId, { fullName: { text: "Trần Văn Kẻ" } });
    const right = lastCodeTo(owner.userId);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt < CLAIM_CODE_ATTEMPTS; attempt++) {
      expect((await stranger.send({ text: wrong }))[0]!.text).toBe(t("reg.claim.wrongCode", { left: CLAIM_CODE_ATTEMPTS - attempt }));
    }
    expect((await stranger.send({ text: wrong }))[0]!.text).toBe(t("reg.claim.failed"));
    await stranger.send({ text: right });
    expect(await registrations.claims.enterCode(stranger, right)).toEqual({ kind: "none" });
    expect(await row(reference)).toMatchObject({ fullName: "Nguyễn Văn An", channelUserId: owner.userId });
  });

  it("counts parallel guesses against the limit: at most the allowed number are compared", async () => {
    const owner = person("telegram");
    const citizenId = citizenIdBornIn1995Male();
    await register(owner, citizenId);
    const stranger = person("web");
    await register(stranger, citizenId);
    const right = lastCodeTo(owner.userId);
    const guesses = Array.from({ length: 40 }, (_, index) => String((Number(right) + 1 + index) % 1_000_000).padStart(6, "0"));
    const results = await Promise.all(guesses.map((guess) => registrations.claims.enterCode(stranger, guess)));
    // Every guess but the allowed number is turned away before its code is compared.
    expect(results.filter((result) => result.kind === "failed").length).toBeGreaterThanOrEqual(guesses.length - CLAIM_CODE_ATTEMPTS);
    expect((await registrations.claims.enterCode(stranger, right)).kind).not.toBe("confirmed");
    const [claim] = await database.prisma.registrationClaim.findMany({ where: { channelUserId: stranger.userId } });
    expect(claim).toMatchObject({ attempts: CLAIM_CODE_ATTEMPTS, status: "failed" });
  });

  it("applies the change and moves the registration when the code from the registering account is typed, telling that account", async () => {
    const owner = person("telegram");
    const citizenId = citizenIdBornIn1995Male();
    const reference = codeOf(await register(owner, citizenId));
    const sameOnWeb = person("web");
    await register(sameOnWeb, citizenId, { province: { text: "Huế" }, commune: { text: "phường Thuận Hóa" } });
    const replies = await sameOnWeb.send({ text: lastCodeTo(owner.userId) });
    expect(replies[0]!.text).toBe(t("reg.claim.confirmed", { code: reference }));
    expect(await row(reference)).toMatchObject({ provinceCode: "hue", channel: "web", channelUserId: sameOnWeb.userId });
    expect(pushed.at(-1)).toMatchObject({ userId: owner.userId, text: t("reg.claim.ownerMoved", { reference }) });
    const claims = await database.prisma.registrationClaim.findMany({ where: { channelUserId: sameOnWeb.userId } });
    expect(claims.map((claim) => [claim.status, claim.codeHash])).toEqual([["confirmed", null]]);
    // The sealed answers hold no ID or phone in clear.
    expect(claims[0]!.answers).not.toContain(citizenId);
  });

  it("lets the owner update and erase from their own account without any code", async () => {
    const owner = person("telegram");
    const citizenId = citizenIdBornIn1995Male();
    const reference = codeOf(await register(owner, citizenId));
    const sentBefore = pushed.length;
    await owner.send({ text: "/dangky" });
    await owner.send({ action: "reg:update" });
    await owner.send({ action: "reg:c:yes" });
    for (const input of completeAnswers(citizenId, { fullName: { text: "Nguyễn Văn Bình" } })) await owner.send(input);
    expect((await owner.send({ action: "reg:confirm" }))[0]!.text).toBe(t("reg.saved.updated", { code: reference }));
    expect(await row(reference)).toMatchObject({ fullName: "Nguyễn Văn Bình", channelUserId: owner.userId });
    expect(pushed.length).toBe(sentBefore);
    await owner.send({ text: "/xoadulieu" });
    expect((await owner.send({ action: "regme:erase-yes" }))[0]!.text).toBe(t("reg.erase.done"));
  });

  it("sends the request to staff when the registering account cannot receive a code (web chat)", async () => {
    const owner = person("web");
    const citizenId = citizenIdBornIn1995Male();
    const reference = codeOf(await register(owner, citizenId));
    const other = person("telegram");
    const replies = await register(other, citizenId, { fullName: { text: "Trần Văn Kẻ" } });
    expect(replies[0]!.text).toBe(t("reg.claim.toStaff"));
    const [claim] = await database.prisma.registrationClaim.findMany({ where: { channelUserId: other.userId } });
    expect(claim).toMatchObject({ status: "awaiting_staff", codeHash: null });
    const handoff = await database.prisma.handoff.findFirstOrThrow({ where: { channelUserId: other.userId }, include: { messages: true } });
    expect(handoff.provinceCode).toBe("can-tho");
    expect(handoff.messages[0]!.text).toContain(reference);
    expect(await row(reference)).toMatchObject({ fullName: "Nguyễn Văn An", channelUserId: owner.userId });

    expect(await registrations.claims.decide(claim!.id, "confirm", "staff:tester")).toMatchObject({ kind: "confirmed", referenceCode: reference });
    expect(await row(reference)).toMatchObject({ fullName: "Trần Văn Kẻ", channel: "telegram", channelUserId: other.userId });
  });
});

describe("the citizen ID question (no oracle)", () => {
  it("answers the same whether or not the citizen ID is already registered", async () => {
    const registered = citizenIdBornIn1995Male();
    await register(person("telegram"), registered);
    let unregistered = citizenIdBornIn1995Male();
    while (unregistered === registered) unregistered = citizenIdBornIn1995Male();

    const answersAfterId = async (citizenId: string) => {
      const p = person("web");
      await p.send({ text: "/dangky" });
      await p.send({ action: "reg:c:yes" });
      for (const input of completeAnswers(citizenId).slice(0, 4)) await p.send(input);
      return p.send({ text: citizenId });
    };
    const forRegistered = await answersAfterId(registered);
    expect(forRegistered).toEqual(await answersAfterId(unregistered));
    expect(forRegistered[0]!.text).toContain(t("reg.ask.phone"));
  });
});
