import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingMessage, Reply } from "../../src/bot/core/index.js";
import { createStoredQuestionLog } from "../../src/knowledge/curation/index.js";
import { startTestApp } from "../helpers/app.js";
import { freshDatabaseOptions, testDatabaseKind } from "../helpers/database.js";
import { citizenIdBornIn1995Male, completeAnswers, t, testKeyBase64, type Input } from "./fixtures.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

let people = 0;
function person() {
  const who = { channel: "web" as const, userId: `at-rest-${++people}` };
  const send = async (input: Input | Omit<IncomingMessage, "channel" | "userId">): Promise<Reply[]> => (await app.core.handle({ ...who, ...input })).replies;
  return { ...who, send };
}
const conversationOf = (p: { channel: string; userId: string }) =>
  app.database.prisma.conversation.findUniqueOrThrow({ where: { channel_userId: { channel: p.channel, userId: p.userId } } });

const typedAtConfirmation = "Tôi là Nguyễn Thị Hoa, CCCD 079195001234, số 0912 345 678, hộ chiếu C1234567";

describe("personal data at rest", () => {
  it("seals what is typed at the 'hỏi cán bộ' confirmation step before it is stored, and hands it to staff once confirmed", async () => {
    const p = person();
    await p.send({ text: "/canbo" });
    await p.send({ text: typedAtConfirmation });
    const stored = JSON.stringify((await conversationOf(p)).flow);
    for (const piece of ["Nguyễn Thị Hoa", "079195001234", "0912 345 678", "C1234567"]) expect(stored).not.toContain(piece);

    await p.send({ action: "ho:yes" });
    const handoff = await app.database.prisma.handoff.findFirstOrThrow({ where: { channelUserId: p.userId }, include: { messages: true } });
    const texts = handoff.messages.map((message) => message.text);
    expect(texts.some((text) => text.includes("Nguyễn Thị Hoa"))).toBe(true);
    expect(texts.join("\n")).not.toContain("079195001234");
  });

  it("clears the person's conversation and handoff threads on /xoadulieu, and rewrites the embedded tables", async () => {
    const p = person();
    await p.send({ text: "/dangky" });
    await p.send({ action: "reg:c:yes" });
    for (const input of completeAnswers(citizenIdBornIn1995Male())) await p.send(input);
    await p.send({ action: "reg:confirm" });
    await p.send({ text: "/canbo" });
    await p.send({ text: "cho tôi hỏi về khoản vay" });
    await p.send({ action: "ho:yes" });
    await p.send({ text: "/huy" });
    expect(await app.database.prisma.handoff.count({ where: { channelUserId: p.userId } })).toBe(1);
    const fileBefore = await relationFile("registrations");

    await p.send({ text: "/xoadulieu" });
    expect((await p.send({ action: "regme:erase-yes" }))[0]!.text).toBe(t("reg.erase.done"));
    expect(await app.database.prisma.handoff.count({ where: { channelUserId: p.userId } })).toBe(0);
    expect(await app.database.prisma.handoffMessage.count({ where: { handoff: { channelUserId: p.userId } } })).toBe(0);
    const conversation = await conversationOf(p);
    expect(conversation).toMatchObject({ flow: null, province: null, topic: null });
    expect(conversation.recent ?? []).toEqual([]);

    await app.erasureVacuum.flush();
    // VACUUM FULL wrote the table into a new file: the dead row versions went with the old one.
    if (testDatabaseKind === "embedded") expect(await relationFile("registrations")).not.toBe(fileBefore);
  });

  it("never writes the question text to the log: only its length, outcome and entry", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "trace" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const log = createStoredQuestionLog({ prisma: app.database.prisma, sql: app.database.sql, logger });
    const question = "Tôi tên Trần Văn Bảy, sinh 05/03/1995, ở 12 Lê Lợi, email bay@example.vn, hộ chiếu C7654321, đi Nhật được không?";
    await log.record({ question, outcome: "answer", entryId: "japan-visa", channel: "web" });
    const output = lines.join("");
    for (const piece of ["Trần Văn Bảy", "05/03/1995", "Lê Lợi", "bay@example.vn", "C7654321"]) expect(output).not.toContain(piece);
    expect(JSON.parse(lines[0]!)).toMatchObject({ length: question.length, outcome: "answer", entryId: "japan-visa" });
  });
});

describe("retention", () => {
  it("purges old conversations, question-log entries and closed handoffs when the application starts, keeping recent and open ones", async () => {
    // Two starts on one database: a data folder for the embedded one (in-memory ones start empty).
    const fresh = await freshDatabaseOptions();
    const options = testDatabaseKind === "embedded" ? { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "retention-")) } : fresh.options;
    // One key for both starts, as in production.
    const env = { REGISTRATION_ENCRYPTION_KEY: testKeyBase64 };
    const first = await startTestApp(env, options);
    const { prisma } = first.database;
    const old = new Date(Date.now() - 400 * 86_400_000);
    await prisma.conversation.createMany({
      data: [
        { channel: "web", userId: "old", updatedAt: old },
        { channel: "web", userId: "recent", updatedAt: new Date() },
      ],
    });
    await prisma.$executeRawUnsafe(`UPDATE conversations SET updated_at = now() - interval '400 days' WHERE user_id = 'old'`);
    await prisma.questionLogEntry.createMany({
      data: [
        { question: "cũ", groupKey: "cu", outcome: "answer", channel: "web", createdAt: old },
        { question: "mới", groupKey: "moi", outcome: "answer", channel: "web" },
      ],
    });
    await prisma.handoff.createMany({
      data: [
        { channel: "web", channelUserId: "closed-old", status: "closed", openedAt: old, closedAt: old },
        { channel: "web", channelUserId: "open-old", status: "open", openedAt: old },
        { channel: "web", channelUserId: "closed-recent", status: "closed", closedAt: new Date() },
      ],
    });
    await first.stop();

    const second = await startTestApp(env, options);
    try {
      const after = second.database.prisma;
      expect((await after.conversation.findMany()).map((row) => row.userId)).toEqual(["recent"]);
      expect((await after.questionLogEntry.findMany()).map((row) => row.question)).toEqual(["mới"]);
      expect((await after.handoff.findMany({ orderBy: { channelUserId: "asc" } })).map((row) => row.channelUserId)).toEqual(["closed-recent", "open-old"]);
    } finally {
      await second.stop();
      await fresh.drop();
      if ("dataDir" in options) fs.rmSync(options.dataDir, { recursive: true, force: true });
    }
    // Two starts of the whole application, the first on a new data folder (all migrations).
  }, 120_000);
});

async function relationFile(table: string): Promise<string> {
  const rows = await app.database.prisma.$queryRawUnsafe<{ file: string }[]>(`SELECT pg_relation_filenode('${table}')::text AS file`);
  return rows[0]!.file;
}
