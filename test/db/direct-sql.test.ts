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
    expect(await sql.query(`SELECT count(*)::int AS n FROM conversations WHERE channel = $1`, ["web"])).toEqual([{ n: 0 }]);
  });
});
