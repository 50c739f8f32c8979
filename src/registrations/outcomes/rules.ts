import { z } from "zod";
import {
  AMOUNT_LIMITS,
  CAPITAL_LINES,
  DEFAULT_CAPITAL_LINE,
  DEPARTURE_PROGRAMMES,
  DESTINATION_COUNTRIES,
  EARLIEST_OUTCOME_DAY,
  EARLY_RETURN_REASONS,
  LOAN_PROGRAMMES,
  RETURN_KINDS,
  SUPPORT_KINDS,
  type CapitalLine,
  type LoanProgramme,
  type OutcomeKind,
} from "./catalogue.js";

const day = z.iso.date({ error: "must be a date YYYY-MM-DD" });
const vnd = z.number({ error: "must be a whole number of đồng" }).int("must be a whole number of đồng").positive("must be positive");

/**
 * One outcome as staff give it, from the console or a line of a file. The shape is checked
 * here; what depends on the registration's other outcomes (order, totals) by `replayOutcomes`.
 */
export const outcomeInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("loan_applied"), occurredOn: day, amountVnd: vnd, loanProgramme: z.enum(LOAN_PROGRAMMES) }),
    // Without an amount the loan is approved as applied for; without a programme, the one open application.
    z.strictObject({ kind: z.literal("loan_approved"), occurredOn: day, amountVnd: vnd.optional(), loanProgramme: z.enum(LOAN_PROGRAMMES).optional() }),
    z.strictObject({ kind: z.literal("loan_refused"), occurredOn: day, loanProgramme: z.enum(LOAN_PROGRAMMES).optional() }),
    z.strictObject({
      kind: z.literal("loan_disbursed"),
      occurredOn: day,
      amountVnd: vnd,
      loanProgramme: z.enum(LOAN_PROGRAMMES).optional(),
      capitalLine: z.enum(CAPITAL_LINES).optional(),
    }),
    z.strictObject({ kind: z.literal("support_paid"), occurredOn: day, amountVnd: vnd, supportKind: z.enum(SUPPORT_KINDS).default("initial_cost") }),
    z.strictObject({
      kind: z.literal("departed"),
      occurredOn: day,
      country: z.enum(DESTINATION_COUNTRIES),
      programme: z.enum(DEPARTURE_PROGRAMMES as [string, ...string[]]).optional(),
      companyName: z.string().trim().min(2).max(300).optional(),
    }),
    z.strictObject({
      kind: z.literal("returned"),
      occurredOn: day,
      returnKind: z.enum(RETURN_KINDS),
      returnReason: z.enum(EARLY_RETURN_REASONS).optional(),
    }),
  ],
  { error: "must be one of loan_applied, loan_approved, loan_refused, loan_disbursed, support_paid, departed, returned" },
);
export type OutcomeInput = z.output<typeof outcomeInput>;

/** An outcome as stored (and as the rules replay it): every optional field resolved. */
export interface OutcomeEvent {
  id: number;
  kind: OutcomeKind;
  occurredOn: string;
  amountVnd: number | null;
  loanProgramme: LoanProgramme | null;
  capitalLine: CapitalLine | null;
  supportKind: string | null;
  country: string | null;
  programme: string | null;
  companyId: number | null;
  companyName: string | null;
  returnKind: string | null;
  returnReason: string | null;
}

/**
 * Why an outcome cannot be recorded, as a code with its values; the Vietnamese sentence is
 * `outcome.problem.<code>` in the locale files.
 */
export interface OutcomeProblem {
  code:
    | "dateFuture"
    | "dateTooEarly"
    | "amountRange"
    | "epsDepositAbove"
    | "loanOpen"
    | "loanNoApplication"
    | "loanDecisionBeforeApplication"
    | "loanAlreadyDecided"
    | "loanAmbiguous"
    | "loanApprovedAboveApplied"
    | "loanNotApproved"
    | "loanDisbursedBeforeApproval"
    | "loanDisbursedAboveApproved"
    | "loanLocalCapital"
    | "alreadyAbroad"
    | "notAbroad"
    | "returnBeforeDeparture"
    | "returnReasonRequired"
    | "returnReasonAtTerm"
    | "duplicate"
    | "retractUnknown"
    | "retractAlready";
  params?: Record<string, string | number>;
}

export interface LoanSummary {
  programme: LoanProgramme;
  stage: "applied" | "approved" | "refused" | "disbursed";
  appliedOn: string;
  appliedVnd: number;
  decidedOn: string | null;
  approvedVnd: number | null;
  disbursedVnd: number;
  lastDisbursedOn: string | null;
  disbursedByLine: Record<CapitalLine, number>;
}

export interface TripSummary {
  departedOn: string;
  country: string;
  programme: string | null;
  companyName: string | null;
  returnedOn: string | null;
  returnKind: string | null;
  returnReason: string | null;
}

/** A registration's current outcome, derived from its outcome events alone. */
export interface OutcomeSummary {
  loans: LoanSummary[];
  support: { paidVnd: number; payments: number; lastPaidOn: string | null };
  trips: TripSummary[];
  lastOccurredOn: string | null;
}

export interface Replay {
  summary: OutcomeSummary;
  /** Each problem with the id of the event it was found on. */
  problems: { eventId: number; problem: OutcomeProblem }[];
}

// Several things on one day happen in this order: a loan is applied for before it is decided,
// decided before it is paid out; a person leaves before coming back.
const SAME_DAY_RANK: Record<OutcomeKind, number> = {
  loan_applied: 0,
  loan_approved: 1,
  loan_refused: 1,
  loan_disbursed: 2,
  support_paid: 3,
  departed: 4,
  returned: 5,
};

export function chronological(events: OutcomeEvent[]): OutcomeEvent[] {
  return [...events].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || SAME_DAY_RANK[a.kind] - SAME_DAY_RANK[b.kind] || a.id - b.id);
}

/**
 * Replays a registration's outcomes in the order they happened and checks every rule. The
 * rules enforced: no date in the future or before 2010; amounts within plausible limits
 * (a loan 1 million–2 billion, an EPS deposit loan at most 100 million, support 100 thousand–
 * 50 million); a loan is decided after it was applied for, once; approved at most as applied
 * for; paid out only after its approval and never more in total than approved; a local-budget
 * loan is paid from the local capital line; one open application per loan programme; a person
 * leaves only when not already abroad and comes back only after leaving; an early return has a
 * reason, a return at term has none.
 */
export function replayOutcomes(events: OutcomeEvent[], today: string): Replay {
  const problems: Replay["problems"] = [];
  const loans: LoanSummary[] = [];
  const trips: TripSummary[] = [];
  const support = { paidVnd: 0, payments: 0, lastPaidOn: null as string | null };
  const ordered = chronological(events);
  const report = (event: OutcomeEvent, problem: OutcomeProblem) => problems.push({ eventId: event.id, problem });
  const currentLoan = (programme: LoanProgramme | null) => (programme ? loans.filter((loan) => loan.programme === programme).at(-1) : undefined);
  const laterExists = (event: OutcomeEvent, kind: OutcomeKind) =>
    ordered.some((other) => other.kind === kind && other.loanProgramme === event.loanProgramme && other.occurredOn > event.occurredOn);

  for (const event of ordered) {
    if (event.occurredOn > today) report(event, { code: "dateFuture", params: { date: event.occurredOn } });
    if (event.occurredOn < EARLIEST_OUTCOME_DAY) report(event, { code: "dateTooEarly", params: { date: event.occurredOn } });
    const amount = event.amountVnd ?? 0;
    switch (event.kind) {
      case "loan_applied": {
        checkRange(event, amount, AMOUNT_LIMITS.loan, report);
        if (event.loanProgramme === "eps_deposit" && amount > AMOUNT_LIMITS.epsDeposit.max) {
          report(event, { code: "epsDepositAbove", params: { max: AMOUNT_LIMITS.epsDeposit.max } });
        }
        const open = currentLoan(event.loanProgramme);
        if (open && (open.stage === "applied" || (open.stage !== "refused" && open.disbursedVnd < (open.approvedVnd ?? 0)))) {
          report(event, { code: "loanOpen", params: { programme: event.loanProgramme!, date: open.appliedOn } });
        }
        loans.push({
          programme: event.loanProgramme!,
          stage: "applied",
          appliedOn: event.occurredOn,
          appliedVnd: amount,
          decidedOn: null,
          approvedVnd: null,
          disbursedVnd: 0,
          lastDisbursedOn: null,
          disbursedByLine: { central: 0, local: 0 },
        });
        break;
      }
      case "loan_approved":
      case "loan_refused": {
        const loan = currentLoan(event.loanProgramme);
        if (!loan) {
          report(event, { code: laterExists(event, "loan_applied") ? "loanDecisionBeforeApplication" : "loanNoApplication" });
          break;
        }
        if (loan.stage !== "applied") {
          report(event, { code: "loanAlreadyDecided", params: { date: loan.decidedOn ?? loan.appliedOn } });
          break;
        }
        loan.decidedOn = event.occurredOn;
        if (event.kind === "loan_refused") {
          loan.stage = "refused";
          break;
        }
        const approved = event.amountVnd ?? loan.appliedVnd;
        checkRange(event, approved, AMOUNT_LIMITS.loan, report);
        if (approved > loan.appliedVnd) report(event, { code: "loanApprovedAboveApplied", params: { applied: loan.appliedVnd } });
        loan.stage = "approved";
        loan.approvedVnd = approved;
        break;
      }
      case "loan_disbursed": {
        checkRange(event, amount, AMOUNT_LIMITS.loan, report);
        const loan = currentLoan(event.loanProgramme);
        if (!loan || loan.stage === "applied" || loan.stage === "refused") {
          report(event, { code: laterExists(event, "loan_approved") ? "loanDisbursedBeforeApproval" : "loanNotApproved" });
          break;
        }
        if (event.loanProgramme === "local" && event.capitalLine !== "local") report(event, { code: "loanLocalCapital" });
        if (loan.disbursedVnd + amount > (loan.approvedVnd ?? 0)) {
          report(event, { code: "loanDisbursedAboveApproved", params: { approved: loan.approvedVnd ?? 0, before: loan.disbursedVnd } });
        }
        loan.disbursedVnd += amount;
        loan.disbursedByLine[event.capitalLine ?? DEFAULT_CAPITAL_LINE[loan.programme]] += amount;
        loan.lastDisbursedOn = event.occurredOn;
        loan.stage = "disbursed";
        break;
      }
      case "support_paid":
        checkRange(event, amount, AMOUNT_LIMITS.support, report);
        support.paidVnd += amount;
        support.payments++;
        support.lastPaidOn = event.occurredOn;
        break;
      case "departed": {
        const trip = trips.at(-1);
        if (trip && trip.returnedOn === null) {
          report(event, { code: "alreadyAbroad", params: { date: trip.departedOn } });
          break;
        }
        trips.push({
          departedOn: event.occurredOn,
          country: event.country!,
          programme: event.programme,
          companyName: event.companyName,
          returnedOn: null,
          returnKind: null,
          returnReason: null,
        });
        break;
      }
      case "returned": {
        if (event.returnKind === "early" && !event.returnReason) report(event, { code: "returnReasonRequired" });
        if (event.returnKind === "at_term" && event.returnReason) report(event, { code: "returnReasonAtTerm" });
        const trip = trips.at(-1);
        if (!trip || trip.returnedOn !== null) {
          const departsLater = ordered.some((other) => other.kind === "departed" && other.occurredOn > event.occurredOn);
          report(event, { code: departsLater ? "returnBeforeDeparture" : "notAbroad" });
          break;
        }
        trip.returnedOn = event.occurredOn;
        trip.returnKind = event.returnKind;
        trip.returnReason = event.returnReason;
        break;
      }
    }
  }
  return {
    summary: { loans, support, trips, lastOccurredOn: ordered.at(-1)?.occurredOn ?? null },
    problems,
  };
}

function checkRange(event: OutcomeEvent, amount: number, limits: { min: number; max: number }, report: (event: OutcomeEvent, problem: OutcomeProblem) => void) {
  if (amount < limits.min || amount > limits.max) report(event, { code: "amountRange", params: { min: limits.min, max: limits.max } });
}

/**
 * An input made complete against the outcomes already there: a decision or a payment without
 * a programme belongs to the one loan it can belong to; a payment without a capital line is
 * paid from its programme's usual line. `id` is the place the event takes in the replay.
 */
export function resolveOutcome(
  input: OutcomeInput,
  existing: OutcomeEvent[],
  extra: { id: number; company?: { id: number; name: string } },
): { event: OutcomeEvent } | { problem: OutcomeProblem } {
  let loanProgramme = "loanProgramme" in input ? (input.loanProgramme ?? null) : null;
  if (!loanProgramme && (input.kind === "loan_approved" || input.kind === "loan_refused" || input.kind === "loan_disbursed")) {
    const { summary } = replayOutcomes(
      existing.filter((event) => event.occurredOn <= input.occurredOn),
      "9999-12-31",
    );
    const latest = LOAN_PROGRAMMES.map((programme) => summary.loans.filter((loan) => loan.programme === programme).at(-1)).filter((loan) => loan !== undefined);
    const fitting = latest.filter((loan) =>
      input.kind === "loan_disbursed"
        ? loan.stage !== "applied" && loan.stage !== "refused" && loan.disbursedVnd < (loan.approvedVnd ?? 0)
        : loan.stage === "applied",
    );
    if (fitting.length > 1) return { problem: { code: "loanAmbiguous" } };
    // No loan fits: take the latest one anyway (or none), and the replay says what is missing.
    loanProgramme = fitting[0]?.programme ?? summary.loans.at(-1)?.programme ?? "national";
  }
  // An approval without an amount approves what was applied for: stored as a figure, so that
  // reports sum stored amounts and never replay.
  let amountVnd = "amountVnd" in input ? (input.amountVnd ?? null) : null;
  if (input.kind === "loan_approved" && amountVnd === null) {
    const { summary } = replayOutcomes(
      existing.filter((event) => event.occurredOn <= input.occurredOn),
      "9999-12-31",
    );
    const loan = summary.loans.filter((candidate) => candidate.programme === loanProgramme).at(-1);
    amountVnd = loan?.stage === "applied" ? loan.appliedVnd : null;
  }
  return {
    event: {
      id: extra.id,
      kind: input.kind,
      occurredOn: input.occurredOn,
      amountVnd,
      loanProgramme,
      capitalLine: input.kind === "loan_disbursed" ? (input.capitalLine ?? DEFAULT_CAPITAL_LINE[loanProgramme!]) : null,
      supportKind: input.kind === "support_paid" ? input.supportKind : null,
      country: input.kind === "departed" ? input.country : null,
      programme: input.kind === "departed" ? (input.programme ?? null) : null,
      companyId: input.kind === "departed" ? (extra.company?.id ?? null) : null,
      companyName: input.kind === "departed" ? (extra.company?.name ?? input.companyName ?? null) : null,
      returnKind: input.kind === "returned" ? input.returnKind : null,
      returnReason: input.kind === "returned" ? (input.returnReason ?? null) : null,
    },
  };
}

/** The same outcome recorded already (a file imported twice, a double click). */
export function sameOutcome(a: OutcomeEvent, b: OutcomeEvent): boolean {
  return (
    a.kind === b.kind &&
    a.occurredOn === b.occurredOn &&
    a.amountVnd === b.amountVnd &&
    a.loanProgramme === b.loanProgramme &&
    a.capitalLine === b.capitalLine &&
    a.supportKind === b.supportKind &&
    a.country === b.country &&
    a.programme === b.programme &&
    (a.companyName ?? "").toLowerCase() === (b.companyName ?? "").toLowerCase() &&
    a.returnKind === b.returnKind &&
    a.returnReason === b.returnReason
  );
}

/**
 * Checks `candidate` against the outcomes already recorded: the problems that adding it would
 * cause (on itself or on a later outcome it contradicts), or a duplicate.
 */
export function checkNewOutcome(existing: OutcomeEvent[], candidate: OutcomeEvent, today: string): OutcomeProblem[] {
  if (existing.some((event) => sameOutcome(event, candidate))) return [{ code: "duplicate" }];
  const before = new Set(replayOutcomes(existing, today).problems.map(problemKey));
  return replayOutcomes([...existing, candidate], today)
    .problems.filter((found) => !before.has(problemKey(found)))
    .map((found) => found.problem);
}

/** The problems that cancelling `retracted` would cause among the outcomes that remain. */
export function checkRetraction(existing: OutcomeEvent[], retracted: OutcomeEvent, today: string): OutcomeProblem[] {
  const before = new Set(replayOutcomes(existing, today).problems.map(problemKey));
  return replayOutcomes(
    existing.filter((event) => event.id !== retracted.id),
    today,
  )
    .problems.filter((found) => !before.has(problemKey(found)))
    .map((found) => found.problem);
}

const problemKey = (found: Replay["problems"][number]) => `${found.eventId}|${found.problem.code}`;
