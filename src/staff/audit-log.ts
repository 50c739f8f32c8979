import type { Prisma, PrismaClient } from "../db/index.js";
import { actorOf, type StaffPrincipal } from "./principal.js";

export interface AuditRecord {
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never personal data: counts, filters, field names, statuses. */
  detail?: Prisma.InputJsonValue;
}

/** Every view, export and change of personal data, and every change made from the console. */
export function createAuditLog(prisma: PrismaClient) {
  async function recordAs(actor: string, record: AuditRecord, ip?: string): Promise<void> {
    await prisma.auditEvent.create({
      data: {
        actor,
        action: record.action,
        targetType: record.targetType ?? null,
        targetId: record.targetId ?? null,
        detail: record.detail,
        ip: ip ?? null,
      },
    });
  }

  return {
    record: (principal: StaffPrincipal, record: AuditRecord, ip?: string) => recordAs(actorOf(principal), record, ip),

    /** Events without a logged-in principal (failed logins): `actor` is what is known of the caller. */
    recordAs,

    async list(query: { limit: number; beforeId?: number; action?: string; actor?: string }) {
      return prisma.auditEvent.findMany({
        where: {
          ...(query.beforeId ? { id: { lt: query.beforeId } } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.actor ? { actor: query.actor } : {}),
        },
        orderBy: { id: "desc" },
        take: query.limit,
      });
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
