import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contentDir } from "../../src/paths.js";
import { createKnowledgeFeature } from "../../src/bot/features/knowledge-feature.js";
import { loadConfig } from "../../src/config.js";
import { createKnowledgeCuration, createKnowledgeHolder, createStoredQuestionLog, type KnowledgeHolder } from "../../src/knowledge/curation/index.js";
import { loadKnowledgeBase } from "../../src/knowledge/index.js";
import { webChatRoutes } from "../../src/bot/channels/web/index.js";
import { knowledgeCurationRoutes } from "../../src/knowledge/http/index.js";
import { buildServer, publicDir, staffAccessFor } from "../../src/server/index.js";
import { staffRoutes } from "../../src/staff/http/index.js";
import { createStaff } from "../../src/staff/index.js";
import { silentLogger } from "../helpers/app.js";
import { coreOn, texts } from "../helpers/core.js";
import { openTestDatabase } from "../helpers/database.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";

/**
 * Approvals write content files: here the bot, the staff API and the curation routes run on
 * a copy of content/ in a temporary directory, never on the repository's files.
 */
const content = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-content-"));
const knowledgeDir = path.join(content, "knowledge");
const loansFile = path.join(knowledgeDir, "loans.yaml");
const newPhrasing = "thủ tục mượn tiền nhà băng để con sang xứ Phù Tang";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let server: FastifyInstance;
let knowledge: KnowledgeHolder;
let admin: StaffClient;
let baseUrl: string;

beforeAll(async () => {
  fs.cpSync(contentDir, content, { recursive: true });
  database = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
  const staff = createStaff({ prisma: database.prisma, communeKey: (name) => name, provinceCodes: ["hue"], settings: config.staff });
  knowledge = createKnowledgeHolder(() => loadKnowledgeBase(content, config.knowledge));
  const feature = createKnowledgeFeature({
    knowledge,
    texts,
    questionLog: createStoredQuestionLog({ prisma: database.prisma, sql: database.sql, logger: silentLogger }),
  });
  const curation = createKnowledgeCuration({ prisma: database.prisma, knowledge, contentDir: content });
  const access = staffAccessFor(staff, {});
  server = buildServer({
    database,
    logger: silentLogger,
    bodyLimitBytes: 1_000_000,
    plugins: [
      webChatRoutes({ core: coreOn(database, { features: [feature.feature], answerQuestion: feature.answerQuestion }), publicDir }),
      staffRoutes(staff, access),
      knowledgeCurationRoutes(curation, access),
    ],
  });
  await server.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(server.addresses()[0] as { port: number }).port}`;
  admin = await loginAs({ staff, baseUrl } as never, { username: "admin" });
});
afterAll(async () => {
  await server.close();
  await database.dropAll();
  fs.rmSync(content, { recursive: true, force: true });
});
beforeEach(() => {
  fs.rmSync(knowledgeDir, { recursive: true });
  fs.cpSync(path.join(contentDir, "knowledge"), knowledgeDir, { recursive: true });
  expect(knowledge.reload()).toMatchObject({ ok: true });
});

async function ask(text: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
  return ((await response.json()) as { replies: { text: string }[] }).replies[0]!.text;
}

async function propose(question: string, entryId: string): Promise<number> {
  const { status, body } = await admin.request("POST", "/api/admin/knowledge/proposals", { question, entryId });
  expect(status).toBe(201);
  return body.proposal.id;
}

function breakFirstReviewDate(file: string) {
  const text = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, text.replace(/reviewedAt: \d{4}-\d{2}-\d{2}/, "reviewedAt: soon"));
}

describe("approving a phrasing", () => {
  it("adds the question to the entry's questions in its file, changing nothing else, and the bot then answers it", async () => {
    expect(await ask(newPhrasing)).toBe(texts.t("vi", "kb.fallback"));
    const before = fs.readFileSync(loansFile, "utf8");
    const lastPhrasing = knowledge.current.entry("loan-dossier")!.questions.at(-1);
    const id = await propose(newPhrasing, "loan-dossier");

    const { status, body } = await admin.request("POST", `/api/admin/knowledge/proposals/${id}/approve`);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      file: "loans.yaml",
      proposal: { id, status: "approved", decidedBy: "staff:admin", entryTitle: "Hồ sơ vay vốn đi làm việc ở nước ngoài" },
    });
    const lines = before.split("\n");
    const last = lines.indexOf(`      - ${lastPhrasing}`);
    lines.splice(last + 1, 0, `      - ${newPhrasing}`);
    expect(fs.readFileSync(loansFile, "utf8")).toBe(lines.join("\n"));
    expect(await ask(newPhrasing)).toContain("Giấy đề nghị vay vốn");
    expect(await database.prisma.auditEvent.findFirst({ where: { action: "knowledge.proposal.approve", targetId: String(id) } })).toMatchObject({
      detail: { entryId: "loan-dossier", file: "loans.yaml" },
    });
  });

  it("approves a phrasing proposed for a former id into the entry it was merged into", async () => {
    const workStudyFile = path.join(knowledgeDir, "work-study.yaml");
    const id = await propose("con em đi du học vừa học vừa làm thì luật lao động có bảo vệ không", "law-work-study-not-covered");
    const { status, body } = await admin.request("POST", `/api/admin/knowledge/proposals/${id}/approve`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ file: "work-study.yaml", proposal: { entryId: "workstudy-not-law-69" } });
    expect(knowledge.current.entry("workstudy-not-law-69")!.questions).toContain("con em đi du học vừa học vừa làm thì luật lao động có bảo vệ không");
    expect(fs.readFileSync(workStudyFile, "utf8")).not.toMatch(/id: law-work-study-not-covered/);
  });

  it("refuses a phrasing that an earlier approval added", async () => {
    const first = await propose(newPhrasing, "loan-dossier");
    const second = await propose(newPhrasing.toUpperCase(), "loan-collateral");
    expect((await admin.request("POST", `/api/admin/knowledge/proposals/${first}/approve`)).status).toBe(200);
    const { status, body } = await admin.request("POST", `/api/admin/knowledge/proposals/${second}/approve`);
    expect([status, body.entryId]).toEqual([409, "loan-dossier"]);
  });

  it("leaves the file unchanged and answers 422 with the problems when the content would not load", async () => {
    const id = await propose(newPhrasing, "loan-dossier");
    breakFirstReviewDate(path.join(knowledgeDir, "companies-and-scams.yaml"));
    const before = fs.readFileSync(loansFile, "utf8");

    const { status, body } = await admin.request("POST", `/api/admin/knowledge/proposals/${id}/approve`);

    expect(status).toBe(422);
    expect(body.problems).toContain("companies-and-scams.yaml › company-how-to-check-license › reviewedAt: must be a date YYYY-MM-DD");
    expect(fs.readFileSync(loansFile, "utf8")).toBe(before);
    expect((await admin.request("GET", "/api/admin/knowledge/proposals")).body.proposals.map((proposal: { id: number }) => proposal.id)).toContain(id);
    expect(await ask(newPhrasing)).toBe(texts.t("vi", "kb.fallback"));
  });

  it("does not approve a rejected proposal", async () => {
    const id = await propose(newPhrasing, "loan-dossier");
    const rejected = await admin.request("POST", `/api/admin/knowledge/proposals/${id}/reject`);
    expect([rejected.status, rejected.body.proposal.status]).toEqual([200, "rejected"]);
    const { status, body } = await admin.request("POST", `/api/admin/knowledge/proposals/${id}/approve`);
    expect([status, body.error]).toEqual([409, "the proposal is already rejected"]);
    expect(fs.readFileSync(loansFile, "utf8")).not.toContain(newPhrasing);
  });

  it("answers 404 for an unknown proposal", async () => {
    expect((await admin.request("POST", "/api/admin/knowledge/proposals/999999/approve")).status).toBe(404);
    expect((await admin.request("POST", "/api/admin/knowledge/proposals/999999/reject")).status).toBe(404);
  });
});

describe("reloading the content", () => {
  it("switches the bot to the edited content", async () => {
    fs.writeFileSync(
      loansFile,
      fs.readFileSync(loansFile, "utf8").replace("Từ 01/01/2026, nếu vay trên 200 triệu", "ĐÃ SỬA: từ 01/01/2026, nếu vay trên 200 triệu"),
    );
    expect(await ask("vay tren 200tr co phai the chap ko")).not.toContain("ĐÃ SỬA");
    const { status } = await admin.request("POST", "/api/admin/knowledge/reload");
    expect(status).toBe(200);
    expect(await ask("vay tren 200tr co phai the chap ko")).toContain("ĐÃ SỬA");
  });

  it("keeps the previous content and lists the problems, one per line, when the content has problems", async () => {
    breakFirstReviewDate(loansFile);
    fs.writeFileSync(path.join(knowledgeDir, "broken.yaml"), "entries: [\n");
    const { status, body } = await admin.request("POST", "/api/admin/knowledge/reload");
    expect(status).toBe(422);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^broken\.yaml: is not valid YAML: /),
        "loans.yaml › loan-rules-from-2026 › reviewedAt: must be a date YYYY-MM-DD",
      ]),
    );
    expect(body.problems.every((problem: string) => !problem.includes("\n"))).toBe(true);
    expect(await ask("vay tren 200tr co phai the chap ko")).toContain("Từ 01/01/2026, nếu vay trên 200 triệu");
  });
});
