import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaAdapter } from "@grammyjs/storage-prisma";
import { PsqlAdapter } from "@grammyjs/storage-psql";
import { PrismaPg } from "@prisma/adapter-pg";
import type { StorageAdapter } from "grammy";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./peer-prisma/generated/client.js";

/** Which published grammY storage adapter the peer persists its sessions through. */
export type PeerStorageKind = "psql" | "prisma";

/** Ours runs PGlite with these (src/db/database.ts): the same engine settings, for a fair memory figure. */
const EMBEDDED_SETTINGS = "shared_buffers=16MB\nwork_mem=2MB";

/**
 * The session storage of the peer, on the same kind of database as ours: embedded PGlite in
 * `dataDir`, or the PostgreSQL server of `databaseUrl`.
 * - psql: @grammyjs/storage-psql on the database client itself;
 * - prisma: @grammyjs/storage-prisma on a Prisma client (the Session model of its README),
 *   through the same driver adapters as ours.
 */
export async function openPeerStorage<T>(kind: PeerStorageKind, database: { dataDir: string } | { databaseUrl: string }) {
  const client =
    "databaseUrl" in database
      ? new pg.Pool({ connectionString: database.databaseUrl, max: 10 })
      : new PGlite({ dataDir: path.join(database.dataDir, `peer-${kind}-pglite`), postgresqlconf: EMBEDDED_SETTINGS });
  const close = () => ("end" in client ? client.end() : client.close());
  if (kind === "psql") {
    // The adapter only calls `query(text, params)` and reads `rows`, which PGlite answers like pg.
    const storage = await PsqlAdapter.create({ tableName: "sessions", client: client as unknown as pg.Client });
    return { storage: storage as StorageAdapter<T>, close };
  }
  // What `prisma db push` would create for the README's model.
  const createTable = `CREATE TABLE IF NOT EXISTS "Session" ("id" SERIAL PRIMARY KEY, "key" TEXT NOT NULL UNIQUE, "value" TEXT NOT NULL)`;
  await (client instanceof PGlite ? client.exec(createTable) : client.query(createTable));
  const prisma = new PrismaClient({ adapter: client instanceof PGlite ? new PrismaPGlite(client) : new PrismaPg(client) });
  return {
    storage: new PrismaAdapter<T>(prisma.session),
    close: async () => {
      await prisma.$disconnect();
      await close();
    },
  };
}
