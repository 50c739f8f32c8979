import { Prisma, type PrismaClient } from "../../db/index.js";
import type { RegistrationStatus } from "../repository.js";

/** What narrows a console list: the staff member's scope and the filters they chose, already resolved. */
export interface RegistrationWhere {
  provinceCodes: string[];
  communeKeys: string[];
  status?: RegistrationStatus;
  createdFrom?: Date;
  createdTo?: Date;
  desiredCountry?: string;
  programme?: string;
  applicantType?: string;
  loanNeeded?: boolean;
}

/** A time window [from, to) and a locality scope, for the dashboard's figures. */
export interface StatisticsScope {
  provinceCode?: string;
  communeKey?: string;
}

const sealedColumns = { phoneCipher: true, phoneIv: true, phoneTag: true } as const;

/**
 * The console's reads of registrations (lists, search candidates, statistics). Writes go
 * through the registration repository, which keeps the history.
 */
export function createConsoleQueries(prisma: PrismaClient) {
  return {
    findById: (id: string) => prisma.registration.findUnique({ where: { id } }),

    async page(where: RegistrationWhere, paging: { skip: number; take: number }) {
      const filter = prismaWhere(where);
      const [total, rows] = await Promise.all([
        prisma.registration.count({ where: filter }),
        prisma.registration.findMany({ where: filter, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...paging }),
      ]);
      return { total, rows };
    },

    /** Every row a search could match, with only what matching needs; newest first. */
    searchCandidates(where: RegistrationWhere) {
      return prisma.registration.findMany({
        where: { ...prismaWhere(where), anonymisedAt: null },
        select: { id: true, fullName: true, referenceCode: true, ...sealedColumns },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
    },

    async byIds(ids: string[]) {
      const rows = await prisma.registration.findMany({ where: { id: { in: ids } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id)).filter((row) => row !== undefined);
    },

    /** Counts by one column, in scope and window. */
    async countBy(column: "status" | "desiredCountry" | "programme" | "applicantType", scope: StatisticsScope, window?: { from: Date; to: Date }) {
      const groups = await prisma.registration.groupBy({
        by: [column],
        where: statisticsWhere(scope, window),
        _count: { _all: true },
      });
      return groups.map((group) => ({ key: String(group[column]), count: group._count._all })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    },

    /** Registrations per calendar month in Vietnam time (UTC+7), from `from` on. */
    async countByMonth(scope: StatisticsScope, from: Date): Promise<Map<string, number>> {
      const rows = await prisma.$queryRaw<{ month: string; count: number }[]>`
        SELECT to_char(created_at + interval '7 hours', 'YYYY-MM') AS month, count(*)::int AS count
        FROM registrations
        WHERE created_at >= ${sqlTime(from)} ${scopeSql(scope)}
        GROUP BY 1`;
      return new Map(rows.map((row) => [row.month, row.count]));
    },

    async loansRequested(scope: StatisticsScope, window?: { from: Date; to: Date }) {
      const result = await prisma.registration.aggregate({
        where: { ...statisticsWhere(scope, window), loanNeeded: true },
        _count: { _all: true },
        _sum: { loanAmountVnd: true },
      });
      return { count: result._count._all, totalVnd: Number(result._sum.loanAmountVnd ?? 0n) };
    },

    /**
     * How many registrations reached each stage within the window, judged by the history:
     * a registration counts for a stage when it moved to that stage or a later one then
     * (forward jumps such as submitted → departed count for the stages skipped).
     */
    async reachedStages(scope: StatisticsScope, window: { from: Date; to: Date }) {
      const [row] = await prisma.$queryRaw<{ registered: number; eligible: number; loanApplied: number; departed: number }[]>`
        SELECT
          count(DISTINCT e.registration_id) FILTER (WHERE e.from_status IS NULL)::int AS registered,
          count(DISTINCT e.registration_id) FILTER (WHERE e.to_status IN ('eligible', 'loan_applied', 'departed'))::int AS eligible,
          count(DISTINCT e.registration_id) FILTER (WHERE e.to_status IN ('loan_applied', 'departed'))::int AS "loanApplied",
          count(DISTINCT e.registration_id) FILTER (WHERE e.to_status = 'departed')::int AS departed
        FROM registration_events e JOIN registrations r ON r.id = e.registration_id
        WHERE e.created_at >= ${sqlTime(window.from)} AND e.created_at < ${sqlTime(window.to)}
          -- "answers updated" events repeat the status; they are not a move.
          AND e.from_status IS DISTINCT FROM e.to_status
          ${scopeSql(scope, "r.")}`;
      return row ?? { registered: 0, eligible: 0, loanApplied: 0, departed: 0 };
    },
  };
}
export type ConsoleQueries = ReturnType<typeof createConsoleQueries>;

function prismaWhere(where: RegistrationWhere): Prisma.RegistrationWhereInput {
  return {
    AND: [...where.provinceCodes.map((provinceCode) => ({ provinceCode })), ...where.communeKeys.map((communeKey) => ({ communeKey }))],
    ...(where.status ? { status: where.status } : {}),
    ...(where.createdFrom || where.createdTo ? { createdAt: { gte: where.createdFrom, lt: where.createdTo } } : {}),
    ...(where.desiredCountry ? { desiredCountry: where.desiredCountry } : {}),
    ...(where.programme ? { programme: where.programme } : {}),
    ...(where.applicantType ? { applicantType: where.applicantType } : {}),
    ...(where.loanNeeded !== undefined ? { loanNeeded: where.loanNeeded } : {}),
  };
}

function statisticsWhere(scope: StatisticsScope, window?: { from: Date; to: Date }): Prisma.RegistrationWhereInput {
  return {
    // `!== undefined`, not truthiness: an empty key must match nothing, never everything.
    ...(scope.provinceCode !== undefined ? { provinceCode: scope.provinceCode } : {}),
    ...(scope.communeKey !== undefined ? { communeKey: scope.communeKey } : {}),
    ...(window ? { createdAt: { gte: window.from, lt: window.to } } : {}),
  };
}

function scopeSql(scope: StatisticsScope, prefix: "" | "r." = "") {
  const province = scope.provinceCode !== undefined ? Prisma.sql` AND ${Prisma.raw(`${prefix}province_code`)} = ${scope.provinceCode}` : Prisma.empty;
  const commune = scope.communeKey !== undefined ? Prisma.sql` AND ${Prisma.raw(`${prefix}commune_key`)} = ${scope.communeKey}` : Prisma.empty;
  return Prisma.sql`${province}${commune}`;
}

// Columns are `timestamp` (UTC wall time, as Prisma writes them): compare with the same.
const sqlTime = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;
