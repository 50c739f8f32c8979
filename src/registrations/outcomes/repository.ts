import type { Prisma, PrismaClient } from "../../db/index.js";
import type { RegistrationStatus } from "../repository.js";
import type { CapitalLine, LoanProgramme, OutcomeKind } from "./catalogue.js";
import type { OutcomeEvent } from "./rules.js";

type Db = PrismaClient | Prisma.TransactionClient;
type OutcomeRow = Prisma.RegistrationOutcomeGetPayload<{ include: { retractedBy: { select: { id: true } } } }>;

/** An outcome row as stored: the event, who recorded it, and whether it was cancelled. */
export interface StoredOutcome extends Omit<OutcomeEvent, "kind"> {
  kind: OutcomeKind | "retracted";
  /** A retraction: the outcome it cancels. */
  retractsId: number | null;
  source: string;
  actor: string;
  recordedAt: Date;
  /** The retraction that cancelled this outcome, if any. */
  retractedById: number | null;
}

/** The registration columns outcomes need: where it is, and its status. */
export interface OutcomeTarget {
  id: string;
  referenceCode: string | null;
  provinceCode: string;
  communeKey: string | null;
  status: RegistrationStatus;
  anonymisedAt: Date | null;
}

const targetColumns = { id: true, referenceCode: true, provinceCode: true, communeKey: true, status: true, anonymisedAt: true } as const;

/** The only code that writes registration_outcomes; it never updates or deletes a row. */
export function createOutcomeRepository(prisma: PrismaClient) {
  return {
    findTarget: (id: string): Promise<OutcomeTarget | null> => prisma.registration.findUnique({ where: { id }, select: targetColumns }),

    findTargetsByReference: (codes: string[]): Promise<OutcomeTarget[]> =>
      prisma.registration.findMany({ where: { referenceCode: { in: codes } }, select: targetColumns }),

    /**
     * Runs `work` in a transaction holding the registrations' rows locked, so that two people
     * recording outcomes of the same registration check them one after the other.
     */
    async withLocked<T>(registrationIds: string[], work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
      const ids = [...new Set(registrationIds)].sort();
      return prisma.$transaction(
        async (tx) => {
          for (const id of ids) await tx.$queryRaw`SELECT id FROM registrations WHERE id = ${id} FOR UPDATE`;
          return work(tx);
        },
        // A file of a few thousand lines is checked and written in one transaction.
        { timeout: 120_000 },
      );
    },

    /** Every outcome row of the registrations, oldest first, retractions included. */
    async outcomesOf(registrationIds: string[], db: Db = prisma): Promise<Map<string, StoredOutcome[]>> {
      const rows = await db.registrationOutcome.findMany({
        where: { registrationId: { in: registrationIds } },
        include: { retractedBy: { select: { id: true } } },
        orderBy: { id: "asc" },
      });
      const byRegistration = new Map<string, StoredOutcome[]>(registrationIds.map((id) => [id, []]));
      for (const row of rows) byRegistration.get(row.registrationId)?.push(storedOf(row));
      return byRegistration;
    },

    async append(
      db: Prisma.TransactionClient,
      registrationId: string,
      event: Omit<OutcomeEvent, "id" | "kind"> & { kind: OutcomeKind | "retracted" },
      meta: { source: string; actor: string; retractsId?: number },
    ): Promise<number> {
      const row = await db.registrationOutcome.create({
        data: {
          registrationId,
          kind: event.kind,
          occurredOn: new Date(`${event.occurredOn}T00:00:00Z`),
          amountVnd: event.amountVnd === null ? null : BigInt(event.amountVnd),
          loanProgramme: event.loanProgramme,
          capitalLine: event.capitalLine,
          supportKind: event.supportKind,
          country: event.country,
          programme: event.programme,
          companyId: event.companyId,
          companyName: event.companyName,
          returnKind: event.returnKind,
          returnReason: event.returnReason,
          retractsId: meta.retractsId ?? null,
          source: meta.source,
          actor: meta.actor,
        },
        select: { id: true },
      });
      return row.id;
    },

    /** A line of the registration's history; moves the status forward when `to` differs. */
    async writeHistory(db: Prisma.TransactionClient, target: OutcomeTarget, to: RegistrationStatus, actor: string, note: string): Promise<void> {
      if (to !== target.status) await db.registration.update({ where: { id: target.id }, data: { status: to } });
      await db.registrationEvent.create({ data: { registrationId: target.id, actor, fromStatus: target.status, toStatus: to, note } });
      target.status = to;
    },
  };
}
export type OutcomeRepository = ReturnType<typeof createOutcomeRepository>;

export function storedOf(row: OutcomeRow): StoredOutcome {
  return {
    id: row.id,
    kind: row.kind,
    occurredOn: row.occurredOn.toISOString().slice(0, 10),
    amountVnd: row.amountVnd === null ? null : Number(row.amountVnd),
    loanProgramme: row.loanProgramme as LoanProgramme | null,
    capitalLine: row.capitalLine as CapitalLine | null,
    supportKind: row.supportKind,
    country: row.country,
    programme: row.programme,
    companyId: row.companyId,
    companyName: row.companyName,
    returnKind: row.returnKind,
    returnReason: row.returnReason,
    retractsId: row.retractsId,
    source: row.source,
    actor: row.actor,
    recordedAt: row.createdAt,
    retractedById: row.retractedBy?.id ?? null,
  };
}

/** The outcomes that count: neither a retraction nor retracted. */
export function effectiveOutcomes(rows: StoredOutcome[]): (StoredOutcome & OutcomeEvent)[] {
  return rows.filter((row): row is StoredOutcome & OutcomeEvent => row.kind !== "retracted" && row.retractedById === null);
}
