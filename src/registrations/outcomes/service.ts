import type { Texts } from "../../shared/index.js";
import type { Locale } from "../../shared/index.js";
import type { Prisma, PrismaClient } from "../../db/index.js";
import { ACTIVE_STATUSES, type RegistrationStatus } from "../repository.js";
import { vietnamToday } from "../validators.js";
import type { OutcomeKind } from "./catalogue.js";
import { byTime, importReport, NEW_EVENT_ID, planImport, type OutcomeImportReport, type PlannedLine } from "./import-plan.js";
import { outcomeVocabulary, readOutcomeRows } from "./import-rows.js";
import { citizenOutcomeLines, outcomeLabels } from "./labels.js";
import { createOutcomeRepository, effectiveOutcomes, type OutcomeTarget, type StoredOutcome } from "./repository.js";
import {
  checkNewOutcome,
  checkRetraction,
  replayOutcomes,
  resolveOutcome,
  type OutcomeEvent,
  type OutcomeInput,
  type OutcomeProblem,
  type OutcomeSummary,
} from "./rules.js";
import { showProblem, type ShownProblem } from "./shown-problems.js";

export type { ImportLine, OutcomeImportReport } from "./import-plan.js";
export { fileProblemMessage, type ShownProblem } from "./shown-problems.js";

/** The slice of the country a staff member works in (see `scopeOf` in src/staff). */
export interface OutcomeScope {
  provinceCode?: string;
  communeKey?: string;
}

export interface OutcomesView {
  registrationId: string;
  referenceCode: string | null;
  status: RegistrationStatus;
  outcomes: (StoredOutcome & { description: string; retracted: boolean })[];
  current: OutcomeSummary;
  /** What the person reads in /trangthai, in Vietnamese. */
  citizenStatus: string[];
}

export type OutcomeChange =
  | { kind: "recorded"; outcomeId: number; view: OutcomesView }
  | { kind: "refused"; problems: ShownProblem[] }
  | { kind: "notFound" }
  | { kind: "anonymised" };

export const MAX_OUTCOME_IMPORT_ROWS = 5000;

/** The licensed company a name typed by staff or a partner is, when there is exactly one. */
export type CompanyMatcher = (name: string) => Promise<{ id: number; name: string } | undefined>;

/**
 * Outcomes of registrations: recorded one by one from the console or from a partner's file,
 * cancelled by a retraction, replayed into the current outcome. Every change is written with a
 * line in the registration's history, and moves its status on when the outcome says so (a loan
 * application → loan_applied, a departure → departed); a retraction never moves it back.
 * Registrations outside the caller's scope are "not found", like everywhere in the console.
 */
export function createOutcomeService(deps: { prisma: PrismaClient; texts: Texts; matchCompany?: CompanyMatcher; now?: () => Date }) {
  const repository = createOutcomeRepository(deps.prisma);
  const now = deps.now ?? (() => new Date());
  const vi = outcomeLabels(deps.texts, "vi");
  const words = outcomeVocabulary([vi, outcomeLabels(deps.texts, "en")]);

  const show = (problem: OutcomeProblem) => showProblem(vi, problem);
  const inScope = (target: OutcomeTarget, scope: OutcomeScope) =>
    (scope.provinceCode === undefined || target.provinceCode === scope.provinceCode) &&
    (scope.communeKey === undefined || target.communeKey === scope.communeKey);

  async function view(target: OutcomeTarget, db: PrismaClient | Prisma.TransactionClient = deps.prisma): Promise<OutcomesView> {
    const stored = (await repository.outcomesOf([target.id], db)).get(target.id) ?? [];
    const current = replayOutcomes(effectiveOutcomes(stored), "9999-12-31").summary;
    return {
      registrationId: target.id,
      referenceCode: target.referenceCode,
      status: target.status,
      outcomes: stored.map((row) => ({
        ...row,
        description:
          row.kind === "retracted" ? vi.text("outcome.history.retracted", { what: describeStored(stored, row.retractsId) }) : vi.describe(row as OutcomeEvent),
        retracted: row.retractedById !== null,
      })),
      current,
      citizenStatus: citizenOutcomeLines(current, vi),
    };
  }

  function describeStored(stored: StoredOutcome[], id: number | null): string {
    const row = stored.find((candidate) => candidate.id === id);
    return row && row.kind !== "retracted" ? vi.describe(row as OutcomeEvent) : "";
  }

  async function company(input: OutcomeInput) {
    return input.kind === "departed" && input.companyName && deps.matchCompany ? deps.matchCompany(input.companyName) : undefined;
  }

  async function lockedTarget(tx: Prisma.TransactionClient, id: string): Promise<OutcomeTarget> {
    return tx.registration.findUniqueOrThrow({
      where: { id },
      select: { id: true, referenceCode: true, provinceCode: true, communeKey: true, status: true, anonymisedAt: true },
    });
  }

  function historyNote(event: OutcomeEvent, source: string, note: string | null | undefined): string {
    return [vi.describe(event), source === "import" ? vi.text("outcome.history.imported") : "", note ? `– ${note}` : ""].filter(Boolean).join(" ");
  }

  return {
    /** The outcomes of a registration in scope, the current outcome and what the person reads. */
    async outcomesOf(registrationId: string, scope: OutcomeScope): Promise<OutcomesView | undefined> {
      const target = await repository.findTarget(registrationId);
      return target && inScope(target, scope) ? view(target) : undefined;
    },

    async record(registrationId: string, input: OutcomeInput, context: { scope: OutcomeScope; actor: string; note?: string }): Promise<OutcomeChange> {
      const found = await repository.findTarget(registrationId);
      if (!found || !inScope(found, context.scope)) return { kind: "notFound" };
      if (found.anonymisedAt) return { kind: "anonymised" };
      const matched = await company(input);
      return repository.withLocked([registrationId], async (tx) => {
        const target = await lockedTarget(tx, registrationId);
        const existing = effectiveOutcomes((await repository.outcomesOf([registrationId], tx)).get(registrationId) ?? []);
        const resolved = resolveOutcome(input, existing, { id: NEW_EVENT_ID, company: matched });
        if ("problem" in resolved) return { kind: "refused", problems: [show(resolved.problem)] };
        const problems = checkNewOutcome(existing, resolved.event, vietnamToday(now()));
        if (problems.length) return { kind: "refused", problems: problems.map(show) };
        const outcomeId = await repository.append(tx, registrationId, resolved.event, { source: "console", actor: context.actor });
        await repository.writeHistory(
          tx,
          target,
          statusAfter(target.status, resolved.event.kind),
          context.actor,
          historyNote(resolved.event, "console", context.note),
        );
        return { kind: "recorded", outcomeId, view: await view(target, tx) };
      });
    },

    /** Cancels an outcome recorded by mistake, unless what was recorded after it depends on it. */
    async retract(registrationId: string, outcomeId: number, context: { scope: OutcomeScope; actor: string; note?: string }): Promise<OutcomeChange> {
      const found = await repository.findTarget(registrationId);
      if (!found || !inScope(found, context.scope)) return { kind: "notFound" };
      if (found.anonymisedAt) return { kind: "anonymised" };
      return repository.withLocked([registrationId], async (tx) => {
        const target = await lockedTarget(tx, registrationId);
        const stored = (await repository.outcomesOf([registrationId], tx)).get(registrationId) ?? [];
        const retracted = stored.find((row) => row.id === outcomeId && row.kind !== "retracted");
        if (!retracted) return { kind: "refused", problems: [show({ code: "retractUnknown" })] };
        if (retracted.retractedById !== null) return { kind: "refused", problems: [show({ code: "retractAlready" })] };
        const problems = checkRetraction(effectiveOutcomes(stored), retracted as OutcomeEvent, vietnamToday(now()));
        if (problems.length) return { kind: "refused", problems: problems.map(show) };
        const { id: _id, source: _source, actor: _actor, recordedAt: _at, retractedById: _by, retractsId: _of, ...event } = retracted;
        const id = await repository.append(
          tx,
          registrationId,
          { ...event, kind: "retracted" },
          { source: "console", actor: context.actor, retractsId: outcomeId },
        );
        const note = [vi.text("outcome.history.retracted", { what: vi.describe(retracted as OutcomeEvent) }), context.note ? `– ${context.note}` : ""]
          .filter(Boolean)
          .join(" ");
        await repository.writeHistory(tx, target, target.status, context.actor, note);
        return { kind: "recorded", outcomeId: id, view: await view(target, tx) };
      });
    },

    /**
     * A file from the NHCSXH branch or a company: every line checked against the stored outcomes
     * and the lines before it. A dry run only reports; otherwise the file is written whole, in one
     * transaction, or — when any line has a problem — not at all. A line already recorded (the
     * same file sent twice) is left out, not an error.
     */
    async importFile(csv: string, context: { scope: OutcomeScope; actor: string; dryRun: boolean }): Promise<OutcomeImportReport> {
      const rows = readOutcomeRows(csv, { words, maxRows: MAX_OUTCOME_IMPORT_ROWS });
      const codes = [...new Set(rows.map((row) => row.referenceCode).filter((code) => code !== undefined))];
      const targets = new Map(
        (await repository.findTargetsByReference(codes))
          .filter((target) => inScope(target, context.scope) && !target.anonymisedAt)
          .map((target) => [target.referenceCode!, target]),
      );
      const companies = new Map<string, Awaited<ReturnType<CompanyMatcher>>>();
      for (const row of rows) {
        if (row.ok && row.input.kind === "departed" && row.input.companyName && !companies.has(row.input.companyName))
          companies.set(row.input.companyName, await company(row.input));
      }
      const check = async (db: PrismaClient | Prisma.TransactionClient) => {
        const stored = await repository.outcomesOf(
          [...targets.values()].map((target) => target.id),
          db,
        );
        return planImport(rows, { targets, stored, companies, today: vietnamToday(now()) });
      };
      if (context.dryRun) return importReport(await check(deps.prisma), { dryRun: true, written: false }, vi);
      const written = await repository.withLocked(
        [...targets.values()].map((target) => target.id),
        async (tx) => {
          const plan = await check(tx);
          if (plan.some((line) => line.kind === "error") || !plan.some((line) => line.kind === "record")) return { plan, written: false };
          // Written in the order things happened, so that the history reads in that order too.
          const toWrite = plan.filter((candidate): candidate is Extract<PlannedLine, { kind: "record" }> => candidate.kind === "record");
          for (const line of toWrite.sort((a, b) => byTime(a.event, b.event) || a.line - b.line)) {
            const target = await lockedTarget(tx, line.target.id);
            await repository.append(tx, target.id, line.event, { source: "import", actor: context.actor });
            await repository.writeHistory(tx, target, statusAfter(target.status, line.event.kind), context.actor, historyNote(line.event, "import", line.note));
          }
          return { plan, written: true };
        },
      );
      return importReport(written.plan, { dryRun: false, written: written.written }, vi);
    },

    /** The plain-language lines for the person's own registration (for /trangthai). */
    async citizenStatus(referenceCode: string, locale: Locale): Promise<string[]> {
      const [target] = await repository.findTargetsByReference([referenceCode]);
      if (!target) return [];
      const stored = (await repository.outcomesOf([target.id])).get(target.id) ?? [];
      return citizenOutcomeLines(replayOutcomes(effectiveOutcomes(stored), "9999-12-31").summary, outcomeLabels(deps.texts, locale));
    },
  };
}
export type OutcomeService = ReturnType<typeof createOutcomeService>;

/** A loan application moves a registration to loan_applied, a departure to departed; nothing moves it back. */
function statusAfter(status: RegistrationStatus, kind: OutcomeKind): RegistrationStatus {
  const active = (ACTIVE_STATUSES as readonly string[]).includes(status);
  if (!active) return status;
  if (kind === "departed") return "departed";
  if ((kind === "loan_applied" || kind === "loan_approved" || kind === "loan_disbursed") && status !== "loan_applied") return "loan_applied";
  return status;
}
