import type { OutcomeKind } from "./catalogue.js";
import type { ImportProblem, OutcomeRow } from "./import-rows.js";
import type { OutcomeLabels } from "./labels.js";
import { effectiveOutcomes, type OutcomeTarget, type StoredOutcome } from "./repository.js";
import { checkNewOutcome, resolveOutcome, sameOutcome, type OutcomeEvent, type OutcomeProblem } from "./rules.js";
import { showImportProblem, showProblem, type ShownProblem } from "./shown-problems.js";

// An outcome written now sorts after every stored one on the same day.
export const NEW_EVENT_ID = Number.MAX_SAFE_INTEGER;

export interface ImportLine {
  line: number;
  referenceCode?: string;
  outcome: "record" | "alreadyRecorded" | "error";
  description?: string;
  problems?: ShownProblem[];
}

export interface OutcomeImportReport {
  dryRun: boolean;
  /** false for a dry run, and when any line has a problem: a file is written whole or not at all. */
  written: boolean;
  counts: { record: number; alreadyRecorded: number; errors: number };
  lines: ImportLine[];
}

export type PlannedLine =
  | { line: number; kind: "record"; target: OutcomeTarget; event: OutcomeEvent; note: string | null }
  | { line: number; kind: "alreadyRecorded"; target: OutcomeTarget; event: OutcomeEvent; note: string | null }
  | { line: number; kind: "error"; referenceCode?: string; problems: (ImportProblem | OutcomeProblem)[] };

/** What each line of a file would do, checked against the stored outcomes and the lines before it. */
export function planImport(
  rows: OutcomeRow[],
  context: {
    targets: Map<string, OutcomeTarget>;
    stored: Map<string, StoredOutcome[]>;
    companies: Map<string, { id: number; name: string } | undefined>;
    today: string;
  },
): PlannedLine[] {
  const accepted = new Map<string, OutcomeEvent[]>();
  let nextId = NEW_EVENT_ID - rows.length;
  // Lines are checked in the order things happened, whatever the file's order (a bank lists
  // the disbursement before the approval); the report keeps the file's order.
  const inTimeOrder = rows.filter((row) => row.ok).sort((a, b) => byTime(a.input, b.input) || a.line - b.line);
  const planned = new Map([...inTimeOrder, ...rows.filter((row) => !row.ok)].map((row) => [row.line, planLine(row)]));
  return rows.map((row) => planned.get(row.line)!);

  function planLine(row: OutcomeRow): PlannedLine {
    if (!row.ok) return { line: row.line, kind: "error", referenceCode: row.referenceCode, problems: row.problems };
    const target = context.targets.get(row.referenceCode);
    if (!target)
      return {
        line: row.line,
        kind: "error",
        referenceCode: row.referenceCode,
        problems: [{ key: "outcome.import.referenceUnknown", params: { code: row.referenceCode } }],
      };
    const existing = effectiveOutcomes(context.stored.get(target.id) ?? []);
    const earlierLines = accepted.get(target.id) ?? [];
    const company = row.input.kind === "departed" && row.input.companyName ? context.companies.get(row.input.companyName) : undefined;
    const resolved = resolveOutcome(row.input, [...existing, ...earlierLines], { id: nextId++, company });
    if ("problem" in resolved) return { line: row.line, kind: "error", referenceCode: row.referenceCode, problems: [resolved.problem] };
    if (existing.some((event) => sameOutcome(event, resolved.event)))
      return { line: row.line, kind: "alreadyRecorded", target, event: resolved.event, note: row.note };
    const problems = checkNewOutcome([...existing, ...earlierLines], resolved.event, context.today);
    if (problems.length) return { line: row.line, kind: "error", referenceCode: row.referenceCode, problems };
    accepted.set(target.id, [...earlierLines, resolved.event]);
    return { line: row.line, kind: "record", target, event: resolved.event, note: row.note };
  }
}

/** The plan as staff read it, line by line in the file's order, with the counts. */
export function importReport(plan: PlannedLine[], status: { dryRun: boolean; written: boolean }, labels: OutcomeLabels): OutcomeImportReport {
  const lines: ImportLine[] = plan.map((line) =>
    line.kind === "error"
      ? {
          line: line.line,
          ...(line.referenceCode ? { referenceCode: line.referenceCode } : {}),
          outcome: "error",
          problems: line.problems.map((p) => ("key" in p ? showImportProblem(labels, p) : showProblem(labels, p))),
        }
      : { line: line.line, referenceCode: line.target.referenceCode!, outcome: line.kind, description: labels.describe(line.event) },
  );
  return {
    ...status,
    counts: {
      record: lines.filter((line) => line.outcome === "record").length,
      alreadyRecorded: lines.filter((line) => line.outcome === "alreadyRecorded").length,
      errors: lines.filter((line) => line.outcome === "error").length,
    },
    lines,
  };
}

const RANK: Record<OutcomeKind, number> = { loan_applied: 0, loan_approved: 1, loan_refused: 1, loan_disbursed: 2, support_paid: 3, departed: 4, returned: 5 };

/** Earlier day first; on one day, in the order a loan and a trip go. */
export const byTime = (a: { occurredOn: string; kind: OutcomeKind }, b: { occurredOn: string; kind: OutcomeKind }) =>
  a.occurredOn.localeCompare(b.occurredOn) || RANK[a.kind] - RANK[b.kind];
