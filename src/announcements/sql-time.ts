import { Prisma } from "../db/index.js";

/**
 * A time for raw SQL. Timestamps are stored without zone (Prisma's default, in UTC): an ISO
 * string cast to `timestamp` compares the same wall time whatever the session's time zone.
 */
export function sqlTime(date: Date): Prisma.Sql {
  return Prisma.sql`${date.toISOString()}::timestamp`;
}
