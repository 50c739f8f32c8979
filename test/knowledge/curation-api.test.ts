import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { groupKeyOf } from "../../src/knowledge/curation/group-key.js";
import { createStoredQuestionLog } from "../../src/knowledge/curation/index.js";
import { startTestApp } from "../helpers/app.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let hueStaff: StaffClient;
let communeStaff: StaffClient;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, { username: "admin" });
  hueStaff = await loginAs(app, { username: "hue", role: "province", provinceCode: "hue" });
  communeStaff = await loginAs(app, { username: "xa", role: "commune", provinceCode: "can-tho", communeName: "Phường Phú Lợi" });
});
afterAll(async () => app.close());
beforeEach(async () => {
  await app.database.prisma.questionLogEntry.deleteMany();
  await app.database.prisma.answerFeedback.deleteMany();
});

async function chat(body: object) {
  const response = await fetch(`${app.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as { sessionId: string; replies: { text: string }[] };
}

async function logQuestion(
  question: string,
  fields: { outcome?: string; province?: string | null; coverage?: number; entryId?: string; createdAt?: Date } = {},
) {
  await app.database.prisma.questionLogEntry.create({
    data: {
      question,
      groupKey: groupKeyOf(question),
      outcome: fields.outcome ?? "fallback",
      channel: "web",
      province: fields.province ?? null,
      coverage: fields.coverage,
      entryId: fields.entryId,
      createdAt: fields.createdAt,
    },
  });
}

describe("the question log", () => {
  it("stores a question asked in the chat masked, with its outcome, key, channel and the person's province", async () => {
    await chat({ text: "Ở Sóc Trăng vay đi Nhật thì lãi suất bao nhiêu, số tôi 0912345678" });
    const [row] = await app.database.prisma.questionLogEntry.findMany();
    expect(row).toMatchObject({ channel: "web", province: "can-tho", question: "Ở Sóc Trăng vay đi Nhật thì lãi suất bao nhiêu, số tôi [số đã ẩn]" });
    expect(row!.groupKey).toBe(groupKeyOf(row!.question));
    expect(row!.groupKey).not.toMatch(/\d{9}/);
    expect(["answer", "clarify", "fallback"]).toContain(row!.outcome);
  });

  it("stores 👍/👎 on an answer", async () => {
    await chat({ action: "fb:down:loan-collateral" });
    expect(await app.database.prisma.answerFeedback.findMany()).toEqual([
      expect.objectContaining({ entryId: "loan-collateral", helpful: false, channel: "web" }),
    ]);
  });

  it("stores 👍/👎 sent from a former id under the entry it was merged into", async () => {
    await chat({ action: "fb:up:law-work-study-not-covered" });
    expect(await app.database.prisma.answerFeedback.findMany()).toEqual([expect.objectContaining({ entryId: "workstudy-not-law-69", helpful: true })]);
  });

  it("still answers when the database cannot store the question, and logs how it was answered, never what was asked", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const unreachable = () => Promise.reject(new Error("database unreachable"));
    const log = createStoredQuestionLog({ prisma: app.database.prisma, sql: { query: unreachable, execute: unreachable }, logger });
    await expect(log.record({ question: "CCCD 012345678901 vay được không", outcome: "fallback", channel: "web" })).resolves.toBeUndefined();
    expect(lines.join("")).toContain("could not store a question");
    expect(lines.join("")).toContain('"length":32');
    expect(lines.join("")).not.toContain("012345678901");
    expect(lines.join("")).not.toContain("vay được không");
  });
});

describe("unanswered and low-confidence questions", () => {
  it("groups clarified, fallback and low-coverage questions with counts, most asked first", async () => {
    await logQuestion("vay đi Hàn có cần thế chấp không", { outcome: "clarify", entryId: "loan-collateral" });
    await logQuestion("Vay đi Hàn có cần thế chấp ko ạ", { outcome: "fallback" });
    await logQuestion("xin visa du lịch Úc", { outcome: "answer", coverage: 0.42, entryId: "markets-overview" });
    await logQuestion("lãi suất vay đi Nhật", { outcome: "answer", coverage: 0.9, entryId: "loan-interest-rate-rule" });
    const { status, body } = await admin.request("GET", "/api/admin/knowledge/questions");
    expect(status).toBe(200);
    expect(body.maxCoverage).toBe(0.5);
    expect(body.groups.map((group: { count: number; examples: string[] }) => [group.count, group.examples.length])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(body.groups[0]).toMatchObject({ outcomes: { clarify: 1, fallback: 1 }, suggestedEntry: { id: "loan-collateral", title: expect.any(String) } });
  });

  it("suggests the entry a former id was merged into, and counts its questions with it", async () => {
    await logQuestion("du học có phải xkld không", { outcome: "clarify", entryId: "law-work-study-not-covered" });
    await logQuestion("du học có phải xkld không ạ", { outcome: "clarify", entryId: "workstudy-not-law-69" });
    const { body } = await admin.request("GET", "/api/admin/knowledge/questions");
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]).toMatchObject({ count: 2, suggestedEntry: { id: "workstudy-not-law-69", title: expect.any(String) } });
  });

  it("leaves out questions older than the period", async () => {
    await logQuestion("vay đi Đài Loan", { createdAt: new Date(Date.now() - 100 * 86_400_000) });
    expect((await admin.request("GET", "/api/admin/knowledge/questions")).body.groups).toEqual([]);
    expect((await admin.request("GET", "/api/admin/knowledge/questions?days=120")).body.groups).toHaveLength(1);
  });

  it("shows province staff their province's questions and those of unknown province only", async () => {
    await logQuestion("học tiếng Nhật ở Huế", { province: "hue" });
    await logQuestion("vay ở Sóc Trăng", { province: "can-tho" });
    await logQuestion("đi Đức làm điều dưỡng", { province: null });
    const examples = async (client: StaffClient) =>
      ((await client.request("GET", "/api/admin/knowledge/questions")).body.groups as { examples: string[] }[]).flatMap((group) => group.examples).sort();
    expect(await examples(hueStaff)).toEqual(["học tiếng Nhật ở Huế", "đi Đức làm điều dưỡng"]);
    expect(await examples(communeStaff)).toEqual(["vay ở Sóc Trăng", "đi Đức làm điều dưỡng"]);
    expect(await examples(admin)).toHaveLength(3);
  });

  it("marks a whole group handled in the caller's scope, and audits it", async () => {
    await logQuestion("vay đi Hàn có cần thế chấp không", { province: "hue" });
    await logQuestion("vay đi Hàn có cần thế chấp ko", { province: "can-tho" });
    const [group] = (await hueStaff.request("GET", "/api/admin/knowledge/questions")).body.groups;
    const { status, body } = await hueStaff.request("POST", "/api/admin/knowledge/questions/handled", { keys: group.keys });
    expect([status, body]).toEqual([200, { handled: 1 }]);
    expect((await hueStaff.request("GET", "/api/admin/knowledge/questions")).body.groups).toEqual([]);
    expect((await admin.request("GET", "/api/admin/knowledge/questions")).body.groups).toHaveLength(1);
    const handled = await app.database.prisma.questionLogEntry.findFirst({ where: { province: "hue" } });
    expect(handled).toMatchObject({ handledBy: "staff:hue", handledAt: expect.any(Date) });
    expect(await app.database.prisma.auditEvent.findFirst({ where: { action: "knowledge.questions.handled" } })).toMatchObject({
      actor: "staff:hue",
      detail: { keys: 1, questions: 1 },
    });
  });

  it("does not let commune staff mark questions handled", async () => {
    expect((await communeStaff.request("POST", "/api/admin/knowledge/questions/handled", { keys: ["vay"] })).status).toBe(403);
  });

  it("answers 400 to a request without keys", async () => {
    expect((await admin.request("POST", "/api/admin/knowledge/questions/handled", { keys: [] })).status).toBe(400);
  });
});

describe("feedback per entry", () => {
  it("lists entries with 👍, 👎 and their ratio, worst first, with titles", async () => {
    for (const [entryId, helpful] of [
      ["loan-collateral", true],
      ["loan-collateral", false],
      ["loan-term", false],
      ["loan-term", false],
      ["loan-dossier", true],
    ] as const) {
      await app.database.prisma.answerFeedback.create({ data: { entryId, helpful, channel: "web" } });
    }
    const { body } = await hueStaff.request("GET", "/api/admin/knowledge/feedback");
    expect(
      body.entries.map((entry: { entryId: string; helpful: number; notHelpful: number; ratio: number }) => [
        entry.entryId,
        entry.helpful,
        entry.notHelpful,
        entry.ratio,
      ]),
    ).toEqual([
      ["loan-term", 0, 2, 0],
      ["loan-collateral", 1, 1, 0.5],
      ["loan-dossier", 1, 0, 1],
    ]);
    expect(body.entries[0].title).toEqual(expect.any(String));
  });

  it("adds the votes given under a former id to the entry it was merged into", async () => {
    for (const [entryId, helpful] of [
      ["law-work-study-not-covered", false],
      ["workstudy-not-law-69", true],
      ["workstudy-not-law-69", true],
    ] as const) {
      await app.database.prisma.answerFeedback.create({ data: { entryId, helpful, channel: "web" } });
    }
    const { body } = await admin.request("GET", "/api/admin/knowledge/feedback");
    expect(body.entries).toEqual([expect.objectContaining({ entryId: "workstudy-not-law-69", helpful: 2, notHelpful: 1, title: expect.any(String) })]);
  });
});

describe("phrasing proposals", () => {
  it("takes a proposal from any staff member, masked, and audits it", async () => {
    const { status, body } = await communeStaff.request("POST", "/api/admin/knowledge/proposals", {
      question: "vay đi Hàn gọi 0912345678 hỏi ai",
      entryId: "loan-collateral",
    });
    expect(status).toBe(201);
    expect(body.proposal).toMatchObject({
      question: "vay đi Hàn gọi [số đã ẩn] hỏi ai",
      entryId: "loan-collateral",
      status: "pending",
      proposedBy: "staff:xa",
    });
    expect(
      await app.database.prisma.auditEvent.findFirst({ where: { action: "knowledge.proposal.create", targetId: String(body.proposal.id) } }),
    ).not.toBeNull();
  });

  it("refuses an entry that does not exist", async () => {
    const { status, body } = await hueStaff.request("POST", "/api/admin/knowledge/proposals", { question: "vay đi Hàn", entryId: "no-such-entry" });
    expect([status, body.fields]).toEqual([400, [{ field: "entryId", message: "is not an entry of the knowledge base" }]]);
  });

  it("refuses a phrasing an entry already has", async () => {
    const { status, body } = await hueStaff.request("POST", "/api/admin/knowledge/proposals", {
      question: "KIEM TRA CONG TY XKLD CO GIAY PHEP KHONG?",
      entryId: "loan-collateral",
    });
    expect([status, body.entryId]).toEqual([409, "company-how-to-check-license"]);
  });

  it("lets only admins list, approve and reject proposals", async () => {
    expect((await hueStaff.request("GET", "/api/admin/knowledge/proposals")).status).toBe(403);
    expect((await hueStaff.request("POST", "/api/admin/knowledge/proposals/1/approve")).status).toBe(403);
    expect((await hueStaff.request("POST", "/api/admin/knowledge/proposals/1/reject")).status).toBe(403);
    const { status, body } = await admin.request("GET", "/api/admin/knowledge/proposals");
    expect(status).toBe(200);
    expect(body.proposals.every((proposal: { status: string }) => proposal.status === "pending")).toBe(true);
  });
});

describe("reloading the content", () => {
  it("is for admins only, and answers with the number of entries", async () => {
    expect((await hueStaff.request("POST", "/api/admin/knowledge/reload")).status).toBe(403);
    const { status, body } = await admin.request("POST", "/api/admin/knowledge/reload");
    expect(status).toBe(200);
    expect(body.entries).toBeGreaterThan(50);
    expect(await app.database.prisma.auditEvent.findFirst({ where: { action: "knowledge.reload" } })).toMatchObject({ actor: "staff:admin" });
  });
});

describe("the knowledge API", () => {
  it("requires a login", async () => {
    expect((await fetch(`${app.baseUrl}/api/admin/knowledge/questions`)).status).toBe(401);
  });

  it("is documented under the Knowledge tag", async () => {
    const document = (await admin.request("GET", "/api/admin/openapi.json")).body as { paths: Record<string, Record<string, { tags: string[] }>> };
    const knowledgePaths = Object.keys(document.paths).filter((path) => path.startsWith("/api/admin/knowledge/"));
    expect(knowledgePaths.sort()).toEqual([
      "/api/admin/knowledge/entries",
      "/api/admin/knowledge/feedback",
      "/api/admin/knowledge/proposals",
      "/api/admin/knowledge/proposals/{id}/approve",
      "/api/admin/knowledge/proposals/{id}/reject",
      "/api/admin/knowledge/questions",
      "/api/admin/knowledge/questions/handled",
      "/api/admin/knowledge/reload",
    ]);
    expect(document.paths["/api/admin/knowledge/questions"]!.get!.tags).toEqual(["Knowledge"]);
  });
});
