import { Prisma, type PrismaClient } from "../../db/index.js";
import type { RegistrationStatus } from "../repository.js";
import type { OutcomeEvent } from "./rules.js";

/**
 * What reports and dashboards know of one registration: no name, no identifier, only what is
 * counted. Days are calendar days in Vietnam (YYYY-MM-DD). Anonymised registrations are here
 * too (their commune unknown): erasing one's data does not change the figures.
 */
export interface RegistrationFacts {
  id: string;
  registeredOn: string;
  provinceCode: string;
  communeKey: string | null;
  communeName: string | null;
  applicantType: string;
  programme: string;
  desiredCountry: string;
  status: RegistrationStatus;
  /** The first day the registration reached each stage or a later one (status history). */
  reachedOn: { contacted: string | null; eligible: string | null; loanApplied: string | null; departed: string | null };
  /** The days staff recorded anything for it (a status change, an outcome), in order, once each. */
  recordedOn: string[];
  /** Its outcomes that count (retracted ones and retractions left out). */
  outcomes: OutcomeEvent[];
}

// Rejected means staff assessed the person: they were contacted. Withdrawn says nothing.
const STAGES = {
  contacted: ["contacted", "eligible", "loan_applied", "departed", "rejected"],
  eligible: ["eligible", "loan_applied", "departed"],
  loanApplied: ["loan_applied", "departed"],
  departed: ["departed"],
} satisfies Record<keyof RegistrationFacts["reachedOn"], RegistrationStatus[]>;

interface FactsRow {
  id: string;
  registeredOn: string;
  provinceCode: string;
  communeKey: string | null;
  communeName: string | null;
  applicantType: string;
  programme: string;
  desiredCountry: string;
  status: RegistrationStatus;
  contacted: string | null;
  eligible: string | null;
  loanApplied: string | null;
  departed: string | null;
  recorded: string | null;
}

interface OutcomeRow {
  id: number;
  registrationId: string;
  kind: OutcomeEvent["kind"];
  occurredOn: string;
  amountVnd: string | null;
  loanProgramme: string | null;
  capitalLine: string | null;
  supportKind: string | null;
  country: string | null;
  programme: string | null;
  companyId: number | null;
  companyName: string | null;
  returnKind: string | null;
  returnReason: string | null;
}

/**
 * Reads the facts of every registration of a province (optionally one commune): two flat
 * queries, the days computed by the database in Vietnam time (columns hold UTC wall time).
 * Measured on the embedded database: 5,000 registrations with 20,000 outcomes in about 1 s
 * (most of it moving the rows through the driver; the nested Prisma read took 2.5 s).
 */
export function createRegistrationFacts(prisma: PrismaClient) {
  const day = (column: string) => Prisma.raw(`to_char(${column} + interval '7 hours', 'YYYY-MM-DD')`);
  const firstMove = (statuses: string[]) =>
    Prisma.sql`to_char(min(e.created_at) FILTER (WHERE e.from_status IS DISTINCT FROM e.to_status AND e.to_status::text IN (${Prisma.join(statuses)})) + interval '7 hours', 'YYYY-MM-DD')`;
  return {
    async read(query: { provinceCode: string; communeKey?: string }): Promise<RegistrationFacts[]> {
      const commune = query.communeKey !== undefined ? Prisma.sql`AND r.commune_key = ${query.communeKey}` : Prisma.empty;
      const [rows, outcomes] = await Promise.all([
        prisma.$queryRaw<FactsRow[]>`
          SELECT r.id, ${day("r.created_at")} AS "registeredOn", r.province_code AS "provinceCode", r.commune_key AS "communeKey",
            r.commune_name AS "communeName", r.applicant_type AS "applicantType", r.programme, r.desired_country AS "desiredCountry",
            r.status::text AS status,
            ${firstMove(STAGES.contacted)} AS contacted, ${firstMove(STAGES.eligible)} AS eligible,
            ${firstMove(STAGES.loanApplied)} AS "loanApplied", ${firstMove(STAGES.departed)} AS departed,
            string_agg(DISTINCT ${day("e.created_at")}, ',') FILTER (WHERE e.actor LIKE 'staff:%' OR e.actor = 'api-token') AS recorded
          FROM registrations r LEFT JOIN registration_events e ON e.registration_id = r.id
          WHERE r.province_code = ${query.provinceCode} ${commune}
          GROUP BY r.id
          ORDER BY r.created_at, r.id`,
        // The outcomes that count: neither a retraction nor retracted.
        prisma.$queryRaw<OutcomeRow[]>`
          SELECT o.id, o.registration_id AS "registrationId", o.kind::text AS kind, to_char(o.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
            o.amount_vnd::text AS "amountVnd", o.loan_programme AS "loanProgramme", o.capital_line AS "capitalLine", o.support_kind AS "supportKind",
            o.country, o.programme, o.company_id AS "companyId", o.company_name AS "companyName", o.return_kind AS "returnKind", o.return_reason AS "returnReason"
          FROM registration_outcomes o JOIN registrations r ON r.id = o.registration_id
          WHERE r.province_code = ${query.provinceCode} ${commune}
            AND o.kind <> 'retracted' AND NOT EXISTS (SELECT 1 FROM registration_outcomes x WHERE x.retracts_id = o.id)
          ORDER BY o.id`,
      ]);
      const byRegistration = new Map<string, OutcomeEvent[]>();
      for (const outcome of outcomes) {
        const list = byRegistration.get(outcome.registrationId) ?? [];
        list.push(eventOf(outcome));
        byRegistration.set(outcome.registrationId, list);
      }
      return rows.map((row) => ({
        id: row.id,
        registeredOn: row.registeredOn,
        provinceCode: row.provinceCode,
        communeKey: row.communeKey,
        communeName: row.communeName,
        applicantType: row.applicantType,
        programme: row.programme,
        desiredCountry: row.desiredCountry,
        status: row.status,
        reachedOn: { contacted: row.contacted, eligible: row.eligible, loanApplied: row.loanApplied, departed: row.departed },
        recordedOn: row.recorded ? row.recorded.split(",").sort() : [],
        outcomes: byRegistration.get(row.id) ?? [],
      }));
    },
  };
}
export type RegistrationFactsReader = ReturnType<typeof createRegistrationFacts>;

function eventOf(row: OutcomeRow): OutcomeEvent {
  return {
    id: row.id,
    kind: row.kind,
    occurredOn: row.occurredOn,
    amountVnd: row.amountVnd === null ? null : Number(row.amountVnd),
    loanProgramme: row.loanProgramme as OutcomeEvent["loanProgramme"],
    capitalLine: row.capitalLine as OutcomeEvent["capitalLine"],
    supportKind: row.supportKind,
    country: row.country,
    programme: row.programme,
    companyId: row.companyId === null ? null : Number(row.companyId),
    companyName: row.companyName,
    returnKind: row.returnKind,
    returnReason: row.returnReason,
  };
}
