import { Prisma, type DirectSql, type PrismaClient } from "../db/index.js";
import type { RegistrationStatus } from "../db/index.js";

export type { RegistrationStatus };

export const ACTIVE_STATUSES = ["submitted", "contacted", "eligible", "loan_applied"] as const satisfies RegistrationStatus[];

/** Who a registration belongs to: the person as the channel knows them. */
export interface Owner {
  channel: string;
  userId: string;
}

export type RegistrationRow = Prisma.RegistrationGetPayload<object>;

/** The columns a new or updated registration is written with (already encrypted). */
export type RegistrationColumns = Omit<
  Prisma.RegistrationUncheckedCreateInput,
  "id" | "referenceCode" | "status" | "createdAt" | "updatedAt" | "events" | "anonymisedAt" | "note"
>;

export class UniqueViolation extends Error {
  override name = "UniqueViolation";
}

/** Only this file (and the console's reads, console/queries.ts) talks to Prisma about registrations; the service holds the rules. */
export function createRegistrationRepository(prisma: PrismaClient, sql: DirectSql) {
  return {
    async create(referenceCode: string, columns: RegistrationColumns, actor: string): Promise<RegistrationRow> {
      return translateUnique(() =>
        prisma.registration.create({
          data: { ...columns, referenceCode, events: { create: { actor, toStatus: "submitted", note: "registered" } } },
        }),
      );
    },

    findActiveByHash(citizenIdHash: string): Promise<RegistrationRow | null> {
      return prisma.registration.findFirst({ where: { citizenIdHash, status: { in: [...ACTIVE_STATUSES] } } });
    },

    findById(id: string): Promise<RegistrationRow | null> {
      return prisma.registration.findUnique({ where: { id } });
    },

    findByReference(referenceCode: string): Promise<RegistrationRow | null> {
      return prisma.registration.findUnique({ where: { referenceCode } });
    },

    listByOwner(owner: Owner): Promise<RegistrationRow[]> {
      return prisma.registration.findMany({
        where: { channel: owner.channel, channelUserId: owner.userId, anonymisedAt: null },
        orderBy: { createdAt: "desc" },
      });
    },

    /** Replaces the answers of an active registration; false when it is no longer active. */
    async replaceAnswers(id: string, columns: RegistrationColumns, actor: string): Promise<boolean> {
      return translateUnique(() =>
        prisma.$transaction(async (tx) => {
          const { count } = await tx.registration.updateMany({ where: { id, status: { in: [...ACTIVE_STATUSES] } }, data: columns });
          if (count === 0) return false;
          const { status } = await tx.registration.findUniqueOrThrow({ where: { id }, select: { status: true } });
          await tx.registrationEvent.create({ data: { registrationId: id, actor, fromStatus: status, toStatus: status, note: "answers updated" } });
          return true;
        }),
      );
    },

    /**
     * Moves a registration from `from` to `to` and records it, atomically; false when
     * someone else changed the status in between (the caller reads again and decides).
     * A note becomes the registration's current note too: the monthly list shows it.
     */
    async changeStatus(id: string, from: RegistrationStatus, to: RegistrationStatus, actor: string, note?: string): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.registration.updateMany({ where: { id, status: from }, data: { status: to, ...(note ? { note } : {}) } });
        if (count === 0) return false;
        await tx.registrationEvent.create({ data: { registrationId: id, actor, fromStatus: from, toStatus: to, note } });
        return true;
      });
    },

    events(registrationId: string) {
      return prisma.registrationEvent.findMany({ where: { registrationId }, orderBy: { id: "asc" } });
    },

    /** Claims made by this account, and claims made on this account's registrations. */
    async deleteClaimsOf(owner: Owner): Promise<void> {
      const mine = await prisma.registration.findMany({ where: { channel: owner.channel, channelUserId: owner.userId }, select: { id: true } });
      await prisma.registrationClaim.deleteMany({
        where: {
          OR: [{ channel: owner.channel, channelUserId: owner.userId }, { registrationId: { in: mine.map((row) => row.id) } }],
        },
      });
    },

    /** Clears every personal column of the owner's registrations, keeping the statistical ones. */
    async anonymiseOwner(owner: Owner, actor: string): Promise<number> {
      const rows = await prisma.registration.findMany({
        where: { channel: owner.channel, channelUserId: owner.userId, anonymisedAt: null },
        select: { id: true, status: true },
      });
      if (rows.length === 0) return 0;
      const now = new Date();
      await prisma.$transaction([
        ...rows.map((row) =>
          prisma.registration.update({
            where: { id: row.id },
            data: {
              referenceCode: null,
              fullName: null,
              birthDate: null,
              citizenIdCipher: null,
              citizenIdIv: null,
              citizenIdTag: null,
              citizenIdHash: null,
              phoneCipher: null,
              phoneIv: null,
              phoneTag: null,
              communeName: null,
              communeKey: null,
              occupation: null,
              languages: null,
              channelUserId: null,
              note: null,
              anonymisedAt: now,
              ...((ACTIVE_STATUSES as readonly string[]).includes(row.status) ? { status: "withdrawn" as const } : {}),
            },
          }),
        ),
        // Notes may name the person; the transitions themselves stay for statistics.
        prisma.registrationEvent.updateMany({ where: { registrationId: { in: rows.map((r) => r.id) } }, data: { note: null, actor: "anonymised" } }),
        prisma.registrationEvent.createMany({
          data: rows
            .filter((row) => (ACTIVE_STATUSES as readonly string[]).includes(row.status))
            .map((row) => ({ registrationId: row.id, actor, fromStatus: row.status, toStatus: "withdrawn" as const, note: "personal data erased" })),
        }),
      ]);
      return rows.length;
    },

    monthly(query: { provinceCode: string; from: Date; to: Date; communeKey?: string; statuses: RegistrationStatus[] }) {
      return prisma.registration.findMany({
        where: {
          provinceCode: query.provinceCode,
          createdAt: { gte: query.from, lt: query.to },
          anonymisedAt: null,
          status: { in: query.statuses },
          // An empty key (a commune name without letters) matches nothing, never the whole province.
          ...(query.communeKey !== undefined ? { communeKey: query.communeKey } : {}),
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
    },

    drafts: {
      /** Read when a form starts, and deleted when it ends: straight to the driver, as every step's save. */
      async load(owner: Owner): Promise<{ answers: unknown; updatedAt: Date } | null> {
        // The column holds UTC wall-clock time: its epoch is read as UTC, whatever the server's zone.
        const [row] = await sql.query<{ answers: unknown; updated_ms: number }>(
          `SELECT answers, (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms FROM registration_drafts WHERE channel = $1 AND user_id = $2`,
          [owner.channel, owner.userId],
        );
        return row ? { answers: row.answers, updatedAt: new Date(row.updated_ms) } : null;
      },
      async save(owner: Owner, answers: Prisma.InputJsonValue): Promise<void> {
        await sql.execute(
          `INSERT INTO registration_drafts (channel, user_id, answers, updated_at) VALUES ($1, $2, $3::jsonb, $4::timestamp)
           ON CONFLICT (channel, user_id) DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at`,
          [owner.channel, owner.userId, JSON.stringify(answers), new Date().toISOString()],
        );
      },
      async delete(owner: Owner): Promise<void> {
        await sql.execute(`DELETE FROM registration_drafts WHERE channel = $1 AND user_id = $2`, [owner.channel, owner.userId]);
      },
      async purgeOlderThan(cutoff: Date): Promise<number> {
        return (await prisma.registrationDraft.deleteMany({ where: { updatedAt: { lt: cutoff } } })).count;
      },
    },
  };
}

export type RegistrationRepository = ReturnType<typeof createRegistrationRepository>;

async function translateUnique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UniqueViolation((error as Error).message);
    throw error;
  }
}

// Prisma maps violations of the indexes it knows to P2002; our hand-written partial index
// reaches us as the driver adapter's own error (PostgreSQL code 23505).
function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  const cause = (error as { cause?: { kind?: string; originalCode?: string } } | null)?.cause;
  return (
    cause?.kind === "UniqueConstraintViolation" ||
    cause?.originalCode === "23505" ||
    (error instanceof Error && error.name === "DriverAdapterError" && /duplicate key value violates unique constraint/.test(error.message))
  );
}
