/**
 * Plain SQL straight to the driver (PGlite or the pg pool) for the few queries every message
 * runs: Prisma adds one to several milliseconds of CPU to each query, which at a few queries
 * per message was most of the cost of a turn. Parameters are `$1…`; JSON goes as text with a
 * `::jsonb` cast; timestamps are written as UTC wall-clock time, as Prisma writes them.
 * `openDatabase` opens it beside the Prisma client as `database.sql`, and code that needs it is
 * handed it: there is no other SQL path, so tests and tools run the statements production runs.
 */
export interface DirectSql {
  query<T>(text: string, params: SqlParameter[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed. */
  execute(text: string, params: SqlParameter[]): Promise<number>;
}

export type SqlParameter = string | number | null;
