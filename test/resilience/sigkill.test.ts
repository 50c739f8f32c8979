import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/index.js";
import { subscribe } from "../announcements/support.js";
import { waitFor } from "../helpers/processes.js";
import { citizenIdBornIn1995Male, completeAnswers, t } from "../registrations/fixtures.js";
import { startServer, webVisitor, type ServerUnderTest } from "./support/server-process.js";
import { adminRequest, announce, startFakeTelegram, telegramWebhookEnv } from "./support/telegram-app.js";

// Slow (about 40 s): real server processes on an embedded database, killed with SIGKILL and
// started again. Embedded only: that is where a crash can take the database down with the app.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(env: Record<string, string>): Promise<ServerUnderTest> {
  const started = await startServer(env);
  cleanups.push(() => started.kill());
  return started;
}

function dataFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-kill-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Reads the data folder of a stopped server. */
async function withDatabase<T>(dataDir: string, read: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await read(database);
  } finally {
    await database.close();
  }
}

const askedField = (replies: { text: string }[]) => {
  const fields = ["applicantType", "fullName", "birthDate", "gender", "citizenId", "phone", "province", "commune", "education"];
  return fields.find((field) => replies.some((reply) => reply.text.includes(t(`reg.ask.${field}`))));
};

describe.skipIf(process.env.TEST_DATABASE_URL)("SIGKILL of the embedded server", () => {
  it("continues a registration from the last answered step, and saves it once", async () => {
    const dataDir = dataFolder();
    const citizenId = citizenIdBornIn1995Male();
    const answers = completeAnswers(citizenId);
    const send = webVisitor();
    const first = await server({ DATA_DIR: dataDir });
    await send(first.baseUrl, { text: "/dangky" });
    await send(first.baseUrl, { action: "reg:c:yes" });
    for (const input of answers.slice(0, 5)) await send(first.baseUrl, input);
    // Killed while the phone number is being handled: it was either stored or not, never half.
    const inFlight = send(first.baseUrl, answers[5]!).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await first.kill();
    await inFlight;

    const second = await server({ DATA_DIR: dataDir });
    // A button of no step makes the form ask its current question again.
    const asked = askedField(await send(second.baseUrl, { action: "reg:where" }));
    expect(["phone", "province"]).toContain(asked);
    const next = asked === "phone" ? 5 : 6;
    for (const input of answers.slice(next)) await send(second.baseUrl, input);
    const saved = await send(second.baseUrl, { action: "reg:confirm" });
    const code = /DK-[A-Z2-9]{6}/.exec(saved[0]!.text)?.[0];
    expect(code).toBeDefined();
    await second.kill();

    const rows = await withDatabase(dataDir, (db) => db.prisma.registration.findMany());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ referenceCode: code, fullName: "Nguyễn Văn An", channel: "web", loanAmountVnd: 120_000_000n });
  }, 90_000);

  it("resumes a broadcast after a kill: no one missing, repeats bounded by the worker concurrency", async () => {
    const dataDir = dataFolder();
    const subscribers = Array.from({ length: 120 }, (_, index) => ({ userId: String(5000 + index) }));
    await withDatabase(dataDir, (db) => subscribe(db.prisma, subscribers));
    const telegram = await startFakeTelegram();
    cleanups.push(() => telegram.stop());
    const concurrency = 4;
    const env = {
      ...telegramWebhookEnv(telegram.url),
      DATA_DIR: dataDir,
      ANNOUNCEMENT_TELEGRAM_PER_SECOND: "40",
      ANNOUNCEMENT_WORKER_CONCURRENCY: String(concurrency),
      // The restarted worker takes back what the killed one had claimed once its lease ends.
      ANNOUNCEMENT_LEASE_MS: "2000",
    };
    const first = await server(env);
    const id = await announce(first.baseUrl, "Tuyển thực tập sinh đi Nhật");
    await waitFor(() => telegram.sent.length >= 40);
    await first.kill();
    expect(telegram.sent.length).toBeLessThan(subscribers.length);

    const second = await server(env);
    await waitFor(async () => (await adminRequest(second.baseUrl, "GET", `/api/admin/announcements/${id}`)).body.status === "completed", 30_000);
    const report = (await adminRequest(second.baseUrl, "GET", `/api/admin/announcements/${id}`)).body;
    expect(report.deliveries).toMatchObject({ sent: subscribers.length, queued: 0, sending: 0, failed: 0 });
    const received = new Set(telegram.sent.map((message) => String(message.chat_id)));
    expect([...received].sort()).toEqual(subscribers.map((s) => s.userId).sort());
    // Only the sends in flight at the kill can be repeated: each lane stores its result before sending again.
    expect(telegram.sent.length - subscribers.length).toBeLessThanOrEqual(concurrency);
  }, 90_000);
});
