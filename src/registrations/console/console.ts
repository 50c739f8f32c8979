import type { DirectSql, PrismaClient } from "../../db/index.js";
import type { RegistrationCrypto } from "../crypto.js";
import { UnknownProvince } from "../exports.js";
import type { Localities } from "../localities.js";
import { createRegistrationRepository, type RegistrationRow, type RegistrationStatus } from "../repository.js";
import { canChangeStatus, monthRange } from "../service.js";
import { maskCitizenId, maskPhone } from "../../shared/index.js";
import { createConsoleQueries, type RegistrationWhere, type StatisticsScope } from "./queries.js";
import { matchesSearch, parseSearch } from "./search.js";

export const REGISTRATION_STATUSES = [
  "submitted",
  "contacted",
  "eligible",
  "loan_applied",
  "departed",
  "withdrawn",
  "rejected",
] as const satisfies RegistrationStatus[];

/** The slice of the country the caller may see (see `scopeOf` in src/staff). */
export type ConsoleScope = StatisticsScope;

export interface ListFilters {
  status?: RegistrationStatus;
  /** YYYY-MM, month of creation in Vietnam time. */
  month?: string;
  /** A province or city as typed (old names work), or its code. */
  province?: string;
  commune?: string;
  country?: string;
  programme?: string;
  applicantType?: string;
  loanNeeded?: boolean;
  /** A name, a reference code, or a phone number in any usual writing. */
  q?: string;
  page: number;
  pageSize: number;
}

/** A row of the console's list: identifiers masked. */
export interface ListedRegistration {
  id: string;
  referenceCode: string | null;
  status: RegistrationStatus;
  anonymised: boolean;
  fullName: string | null;
  maskedCitizenId: string | null;
  maskedPhone: string | null;
  provinceCode: string;
  communeName: string | null;
  applicantType: string;
  desiredCountry: string;
  programme: string;
  loanNeeded: boolean;
  loanAmountVnd: number | null;
  createdAt: Date;
}

export type RevealResult = { kind: "revealed"; citizenId: string; phone: string } | { kind: "notFound" } | { kind: "anonymised" };
export type ConsoleStatusChange = { kind: "changed" } | { kind: "notFound" } | { kind: "notAllowed"; from: RegistrationStatus; to: RegistrationStatus };

/**
 * Registrations as staff see them in the console: lists and search inside their scope, the
 * detail with its history, the full identifiers on request, and status changes. Anything
 * outside the scope is reported as not found, so that its existence is not revealed.
 */
export function createRegistrationConsole(deps: { prisma: PrismaClient; sql: DirectSql; crypto: RegistrationCrypto; localities: Localities }) {
  const queries = createConsoleQueries(deps.prisma);
  const repository = createRegistrationRepository(deps.prisma, deps.sql);

  function reveal<F extends "citizenId" | "phone">(row: Pick<RegistrationRow, `${F}Cipher` | `${F}Iv` | `${F}Tag`>, field: F): string {
    const [cipher, iv, tag] = [row[`${field}Cipher`], row[`${field}Iv`], row[`${field}Tag`]];
    if (!cipher || !iv || !tag) return "";
    return deps.crypto.decrypt({ cipher: Buffer.from(cipher, "base64"), iv: Buffer.from(iv, "base64"), tag: Buffer.from(tag, "base64") });
  }

  function listed(row: RegistrationRow): ListedRegistration {
    const anonymised = row.anonymisedAt !== null;
    return {
      id: row.id,
      referenceCode: row.referenceCode,
      status: row.status,
      anonymised,
      fullName: row.fullName,
      maskedCitizenId: anonymised ? null : maskCitizenId(reveal(row, "citizenId")),
      maskedPhone: anonymised ? null : maskPhone(reveal(row, "phone")),
      provinceCode: row.provinceCode,
      communeName: row.communeName,
      applicantType: row.applicantType,
      desiredCountry: row.desiredCountry,
      programme: row.programme,
      loanNeeded: row.loanNeeded,
      loanAmountVnd: row.loanAmountVnd === null ? null : Number(row.loanAmountVnd),
      createdAt: row.createdAt,
    };
  }

  async function findInScope(id: string, scope: ConsoleScope): Promise<RegistrationRow | undefined> {
    const row = await queries.findById(id);
    if (!row) return undefined;
    if (scope.provinceCode !== undefined && row.provinceCode !== scope.provinceCode) return undefined;
    if (scope.communeKey !== undefined && row.communeKey !== scope.communeKey) return undefined;
    return row;
  }

  function whereOf(filters: ListFilters, scope: ConsoleScope): RegistrationWhere {
    const asked = filters.province ? (deps.localities.byCode(filters.province) ?? deps.localities.findProvince(filters.province)?.province) : undefined;
    if (filters.province && !asked) throw new UnknownProvince(filters.province);
    const month = filters.month ? monthRange(filters.month) : undefined;
    // The scope and the filter both apply: asking for another locality finds nothing.
    return {
      provinceCodes: [scope.provinceCode, asked?.code].filter((code) => code !== undefined),
      communeKeys: [scope.communeKey, filters.commune ? deps.localities.communeKey(filters.commune) : undefined].filter((key) => key !== undefined),
      status: filters.status,
      createdFrom: month?.from,
      createdTo: month?.to,
      desiredCountry: filters.country,
      programme: filters.programme,
      applicantType: filters.applicantType,
      loanNeeded: filters.loanNeeded,
    };
  }

  return {
    /**
     * A page of registrations. With a search, the rows in scope that pass the filters are
     * read and matched here: names are compared without diacritics, and phones are only
     * stored encrypted, so they must be decrypted to be compared.
     */
    async list(filters: ListFilters, scope: ConsoleScope) {
      const where = whereOf(filters, scope);
      const paging = { skip: (filters.page - 1) * filters.pageSize, take: filters.pageSize };
      const search = filters.q ? parseSearch(filters.q) : undefined;
      if (!search) {
        const { total, rows } = await queries.page(where, paging);
        return { total, rows: rows.map(listed), searchKind: undefined };
      }
      const candidates = await queries.searchCandidates(where);
      const matching = candidates.filter((candidate) =>
        matchesSearch(search, {
          fullName: candidate.fullName,
          referenceCode: candidate.referenceCode,
          phone: () => reveal(candidate, "phone"),
        }),
      );
      const pageIds = matching.slice(paging.skip, paging.skip + paging.take).map((row) => row.id);
      return { total: matching.length, rows: (await queries.byIds(pageIds)).map(listed), searchKind: search.kind };
    },

    /** The whole record with identifiers masked, and its history; undefined outside the scope. */
    async detail(id: string, scope: ConsoleScope) {
      const row = await findInScope(id, scope);
      if (!row) return undefined;
      const events = await repository.events(row.id);
      return {
        registration: {
          ...listed(row),
          birthDate: row.birthDate ? row.birthDate.toISOString().slice(0, 10) : null,
          birthYear: row.birthYear,
          gender: row.gender,
          communeKey: row.communeKey,
          education: row.education,
          occupation: row.occupation,
          languages: row.languages,
          expectedDeparture: row.expectedDeparture,
          priorityGroup: row.priorityGroup,
          referralSource: row.referralSource,
          channel: row.channel,
          consentAt: row.consentAt,
          consentVersion: row.consentVersion,
          note: row.note,
          anonymisedAt: row.anonymisedAt,
          updatedAt: row.updatedAt,
        },
        history: events.map((event) => ({
          id: event.id,
          actor: event.actor,
          fromStatus: event.fromStatus,
          toStatus: event.toStatus,
          note: event.note,
          createdAt: event.createdAt,
        })),
        allowedStatuses: REGISTRATION_STATUSES.filter((to) => canChangeStatus(row.status, to)),
      };
    },

    async reveal(id: string, scope: ConsoleScope): Promise<RevealResult> {
      const row = await findInScope(id, scope);
      if (!row) return { kind: "notFound" };
      if (row.anonymisedAt) return { kind: "anonymised" };
      return { kind: "revealed", citizenId: reveal(row, "citizenId"), phone: reveal(row, "phone") };
    },

    async changeStatus(id: string, to: RegistrationStatus, change: { scope: ConsoleScope; actor: string; note?: string }): Promise<ConsoleStatusChange> {
      for (;;) {
        const row = await findInScope(id, change.scope);
        if (!row) return { kind: "notFound" };
        if (!canChangeStatus(row.status, to)) return { kind: "notAllowed", from: row.status, to };
        // False when someone else changed it in between: read again and decide again.
        if (await repository.changeStatus(row.id, row.status, to, change.actor, change.note)) return { kind: "changed" };
      }
    },

    /** Figures for the dashboard: counts only, never personal data. */
    statistics: {
      countBy: queries.countBy,
      countByMonth: queries.countByMonth,
      loansRequested: queries.loansRequested,
      reachedStages: queries.reachedStages,
    },
  };
}
export type RegistrationConsole = ReturnType<typeof createRegistrationConsole>;
export type RegistrationStatistics = RegistrationConsole["statistics"];
