import type { PrismaClient } from "./generated/client.js";

/**
 * Plain SQL straight to the driver (PGlite or the pg pool) for the few queries every message
 * runs: Prisma adds one to several milliseconds of CPU to each query, which at a few queries
 * per message was most of the cost of a turn. Parameters are `$1…`; JSON goes as text with a
 * `::jsonb` cast; timestamps are written as UTC wall-clock time, as Prisma writes them.
 */
export interface DirectSql {
  query<T>(text: string, params: SqlParameter[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed. */
  execute(text: string, params: SqlParameter[]): Promise<number>;
}

export type SqlParameter = string | number | null;

// Keyed by the client, so that code handed only a Prisma client (as tests do) finds the
// driver `openDatabase` opened beside it.
const directByClient = new WeakMap<PrismaClient, DirectSql>();

export function registerDirectSql(prisma: PrismaClient, sql: DirectSql): void {
  directByClient.set(prisma, sql);
}

/** The driver beside `prisma`, or, for a client `openDatabase` did not open, Prisma's own raw queries. */
export function directSqlFor(prisma: PrismaClient): DirectSql {
  return (
    directByClient.get(prisma) ?? {
      query: <T>(text: string, params: SqlParameter[]) => prisma.$queryRawUnsafe<T[]>(text, ...params),
      execute: (text, params) => prisma.$executeRawUnsafe(text, ...params),
    }
  );
}
