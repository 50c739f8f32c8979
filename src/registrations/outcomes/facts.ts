import type { PrismaClient } from "../../db/index.js";
import type { RegistrationStatus } from "../repository.js";
import { vietnamToday } from "../validators.js";
import { effectiveOutcomes, storedOf } from "./repository.js";
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
const STAGES: Record<keyof RegistrationFacts["reachedOn"], RegistrationStatus[]> = {
  contacted: ["contacted", "eligible", "loan_applied", "departed", "rejected"],
  eligible: ["eligible", "loan_applied", "departed"],
  loanApplied: ["loan_applied", "departed"],
  departed: ["departed"],
};

/** Reads the facts of every registration of a province (optionally one commune). */
export function createRegistrationFacts(prisma: PrismaClient) {
  return {
    async read(query: { provinceCode: string; communeKey?: string }): Promise<RegistrationFacts[]> {
      const rows = await prisma.registration.findMany({
        where: { provinceCode: query.provinceCode, ...(query.communeKey !== undefined ? { communeKey: query.communeKey } : {}) },
        select: {
          id: true,
          createdAt: true,
          provinceCode: true,
          communeKey: true,
          communeName: true,
          applicantType: true,
          programme: true,
          desiredCountry: true,
          status: true,
          events: { select: { fromStatus: true, toStatus: true, createdAt: true, actor: true }, orderBy: { id: "asc" } },
          outcomes: { include: { retractedBy: { select: { id: true } } }, orderBy: { id: "asc" } },
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return rows.map((row) => {
        // "Answers updated" lines repeat the status: they are not a move.
        const moves = row.events.filter((event) => event.fromStatus !== event.toStatus);
        const firstDay = (statuses: RegistrationStatus[]) => {
          const move = moves.find((event) => statuses.includes(event.toStatus));
          return move ? vietnamToday(move.createdAt) : null;
        };
        const byStaff = row.events.filter((event) => event.actor.startsWith("staff:") || event.actor === "api-token");
        return {
          id: row.id,
          registeredOn: vietnamToday(row.createdAt),
          provinceCode: row.provinceCode,
          communeKey: row.communeKey,
          communeName: row.communeName,
          applicantType: row.applicantType,
          programme: row.programme,
          desiredCountry: row.desiredCountry,
          status: row.status,
          reachedOn: {
            contacted: firstDay(STAGES.contacted),
            eligible: firstDay(STAGES.eligible),
            loanApplied: firstDay(STAGES.loanApplied),
            departed: firstDay(STAGES.departed),
          },
          recordedOn: [...new Set(byStaff.map((event) => vietnamToday(event.createdAt)))].sort(),
          outcomes: effectiveOutcomes(row.outcomes.map(storedOf)).map(eventOnly),
        };
      });
    },
  };
}
export type RegistrationFactsReader = ReturnType<typeof createRegistrationFacts>;

function eventOnly(stored: OutcomeEvent): OutcomeEvent {
  return {
    id: stored.id,
    kind: stored.kind,
    occurredOn: stored.occurredOn,
    amountVnd: stored.amountVnd,
    loanProgramme: stored.loanProgramme,
    capitalLine: stored.capitalLine,
    supportKind: stored.supportKind,
    country: stored.country,
    programme: stored.programme,
    companyId: stored.companyId,
    companyName: stored.companyName,
    returnKind: stored.returnKind,
    returnReason: stored.returnReason,
  };
}
