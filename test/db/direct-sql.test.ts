import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { openTestDatabase, testDatabaseKind } from "../helpers/database.js";

describe(`plain SQL beside Prisma on ${testDatabaseKind}`, () => {
  let database: Database & { dropAll(): Promise<void> };
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.dropAll());

  it("reads what Prisma wrote, with JSON and numbers parsed", async () => {
    await database.prisma.conversation.create({ data: { channel: "web", userId: "a", flow: { id: "loan", step: "amount" }, version: 3 } });
    const rows = await database.sql.query(`SELECT flow, version, province FROM conversations WHERE channel = $1 AND user_id = $2`, ["web", "a"]);
    expect(rows).toEqual([{ flow: { id: "loan", step: "amount" }, version: 3, province: null }]);
  });

  it("passes parameters as values, never as SQL, and counts the rows a statement changed", async () => {
    const { sql } = database;
    const awkward = `'); DROP TABLE conversations; -- “Nguyễn” \\ $1`;
    const inserted = await sql.execute(
      `INSERT INTO conversations (channel, user_id, flow, updated_at) VALUES ($1, $2, $3::jsonb, now()) ON CONFLICT DO NOTHING`,
      ["web", awkward, JSON.stringify({ note: awkward, score: 0.25 })],
    );
    const again = await sql.execute(`INSERT INTO conversations (channel, user_id, updated_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING`, ["web", awkward]);
    expect([inserted, again]).toEqual([1, 0]);
    const row = await database.prisma.conversation.findUniqueOrThrow({ where: { channel_userId: { channel: "web", userId: awkward } } });
    expect(row.flow).toEqual({ note: awkward, score: 0.25 });
  });

  it("rejects a failing statement and keeps working after it", async () => {
    const { sql } = database;
    await expect(sql.query(`SELECT no_such_column FROM conversations WHERE channel = $1`, ["web"])).rejects.toThrow(/no_such_column/);
    // Again, and beside others: the same error, never a statement prepared by a failed attempt.
    const again = await Promise.allSettled([
      sql.query(`SELECT no_such_column FROM conversations WHERE channel = $1`, ["web"]),
      sql.query(`SELECT count(*)::int AS n FROM conversations WHERE channel = $1`, ["zalo"]),
    ]);
    expect(again.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : outcome.value))).toEqual([
      expect.stringMatching(/no_such_column/),
      [{ n: 0 }],
    ]);
    expect(await sql.query(`SELECT count(*)::int AS n FROM conversations WHERE channel = $1`, ["web"])).toEqual([{ n: 0 }]);
  });

  it("gives each of many concurrent callers its own rows and its own count", async () => {
    const { sql } = database;
    const people = Array.from({ length: 12 }, (_, index) => `p${index % 8}`);
    const counts = await Promise.all(
      people.map((person) =>
        sql.execute(`INSERT INTO conversations (channel, user_id, updated_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING`, ["web", person]),
      ),
    );
    // Eight new people, four repeats: exactly one insert per person counted 1.
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(8);
    const rows = await Promise.all(people.map((person) => sql.query<{ user_id: string }>(`SELECT user_id FROM conversations WHERE user_id = $1`, [person])));
    expect(rows.map((found) => found.map((row) => row.user_id))).toEqual(people.map((person) => [person]));
  });

  it("fails only the failing statement among concurrent ones, and runs every other exactly once", async () => {
    const { sql } = database;
    const insert = (text: string) =>
      sql.execute(`INSERT INTO question_log (question, group_key, outcome, channel, created_at) VALUES ($1, $1, 'answered', 'web', now())`, [text]);
    const outcomes = await Promise.allSettled([
      insert("a"),
      insert("b"),
      sql.execute(`INSERT INTO question_log (question) VALUES ($1)`, ["missing columns"]),
      insert("c"),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const rows = await sql.query<{ question: string }>(`SELECT question FROM question_log ORDER BY question`, []);
    expect(rows.map((row) => row.question)).toEqual(["a", "b", "c"]);
  });

  it("never runs inside a transaction Prisma has open, so that its rollback takes nothing of ours", async () => {
    const { sql, prisma } = database;
    let outside: Promise<number> | undefined;
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.conversation.create({ data: { channel: "web", userId: "rolled-back" } });
        outside = sql.execute(`INSERT INTO conversations (channel, user_id, updated_at) VALUES ($1, $2, now())`, ["web", "kept"]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("the form failed");
      }),
    ).rejects.toThrow("the form failed");
    expect(await outside).toBe(1);
    const rows = await sql.query<{ user_id: string }>(`SELECT user_id FROM conversations ORDER BY user_id`, []);
    expect(rows.map((row) => row.user_id)).toEqual(["kept"]);
  });

  it.runIf(testDatabaseKind === "embedded")("commits statements that arrive together in one transaction", async () => {
    const { sql } = database;
    const ids = await Promise.all(Array.from({ length: 5 }, () => sql.query<{ id: string }>(`SELECT txid_current()::text AS id`, [])));
    expect(new Set(ids.map((rows) => rows[0]!.id)).size).toBe(1);
    // Alone, one after the other: a transaction each.
    const first = await sql.query<{ id: string }>(`SELECT txid_current()::text AS id`, []);
    const second = await sql.query<{ id: string }>(`SELECT txid_current()::text AS id`, []);
    expect(first[0]!.id).not.toBe(second[0]!.id);
  });
});
