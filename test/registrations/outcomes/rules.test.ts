import { describe, expect, it } from "vitest";
import {
  checkNewOutcome,
  checkRetraction,
  replayOutcomes,
  resolveOutcome,
  type OutcomeEvent,
  type OutcomeInput,
} from "../../../src/registrations/outcomes/rules.js";

const today = "2026-12-03";
let ids = 0;
/** Outcomes as the service stores them, from inputs: each resolved against those before it. */
function recorded(...inputs: OutcomeInput[]): OutcomeEvent[] {
  const events: OutcomeEvent[] = [];
  for (const input of inputs) {
    const resolved = resolveOutcome(input, events, { id: ++ids });
    if ("problem" in resolved) throw new Error(resolved.problem.code);
    events.push(resolved.event);
  }
  return events;
}
/** The problem codes that recording `input` after `existing` would meet. */
function problemsOf(existing: OutcomeEvent[], input: OutcomeInput): string[] {
  const resolved = resolveOutcome(input, existing, { id: 10_000 + ++ids });
  if ("problem" in resolved) return [resolved.problem.code];
  return checkNewOutcome(existing, resolved.event, today).map((problem) => problem.code);
}

const applied: OutcomeInput = { kind: "loan_applied", occurredOn: "2026-03-02", amountVnd: 100_000_000, loanProgramme: "national" };
const approved: OutcomeInput = { kind: "loan_approved", occurredOn: "2026-03-09" };

describe("outcome rules", () => {
  it("follows a loan from application to disbursement by capital line", () => {
    const events = recorded(
      applied,
      approved,
      { kind: "loan_disbursed", occurredOn: "2026-03-12", amountVnd: 60_000_000 },
      { kind: "loan_disbursed", occurredOn: "2026-04-01", amountVnd: 40_000_000, capitalLine: "local" },
    );
    const { summary, problems } = replayOutcomes(events, today);
    expect(problems).toEqual([]);
    expect(summary.loans).toEqual([
      expect.objectContaining({
        programme: "national",
        stage: "disbursed",
        appliedVnd: 100_000_000,
        approvedVnd: 100_000_000,
        disbursedVnd: 100_000_000,
        lastDisbursedOn: "2026-04-01",
        disbursedByLine: { central: 60_000_000, local: 40_000_000 },
      }),
    ]);
  });

  it("refuses a disbursement before the approval, and one above the approved amount", () => {
    const events = recorded(applied, approved);
    expect(problemsOf(events, { kind: "loan_disbursed", occurredOn: "2026-03-05", amountVnd: 10_000_000 })).toEqual(["loanDisbursedBeforeApproval"]);
    expect(problemsOf(events, { kind: "loan_disbursed", occurredOn: "2026-03-10", amountVnd: 100_000_001 })).toEqual(["loanDisbursedAboveApproved"]);
    expect(problemsOf(recorded(applied), { kind: "loan_disbursed", occurredOn: "2026-03-10", amountVnd: 1_000_000 })).toEqual(["loanNotApproved"]);
  });

  it("refuses dates in the future and implausible amounts", () => {
    expect(problemsOf([], { ...applied, occurredOn: "2026-12-04" } as OutcomeInput)).toEqual(["dateFuture"]);
    expect(problemsOf([], { ...applied, occurredOn: "2001-01-01" } as OutcomeInput)).toEqual(["dateTooEarly"]);
    expect(problemsOf([], { ...applied, amountVnd: 100_000_000_000 } as OutcomeInput)).toEqual(["amountRange"]);
    expect(problemsOf([], { kind: "loan_applied", occurredOn: "2026-03-02", amountVnd: 120_000_000, loanProgramme: "eps_deposit" })).toEqual([
      "epsDepositAbove",
    ]);
    expect(problemsOf([], { kind: "support_paid", occurredOn: "2026-03-02", amountVnd: 500_000_000, supportKind: "initial_cost" })).toEqual(["amountRange"]);
  });

  it("decides a loan once, after its application, and never above what was asked", () => {
    expect(problemsOf([], approved)).toEqual(["loanNoApplication"]);
    expect(problemsOf(recorded(applied), { kind: "loan_refused", occurredOn: "2026-03-01" })).toEqual(["loanDecisionBeforeApplication"]);
    expect(problemsOf(recorded(applied, approved), { kind: "loan_refused", occurredOn: "2026-03-10" })).toEqual(["loanAlreadyDecided"]);
    expect(problemsOf(recorded(applied), { kind: "loan_approved", occurredOn: "2026-03-10", amountVnd: 150_000_000 })).toEqual(["loanApprovedAboveApplied"]);
  });

  it("keeps one open application per programme, and asks which loan when two are open", () => {
    expect(problemsOf(recorded(applied), { ...applied, occurredOn: "2026-03-05" } as OutcomeInput)).toEqual(["loanOpen"]);
    const two = recorded(applied, { kind: "loan_applied", occurredOn: "2026-03-03", amountVnd: 80_000_000, loanProgramme: "eps_deposit" });
    expect(problemsOf(two, approved)).toEqual(["loanAmbiguous"]);
    expect(problemsOf(two, { ...approved, loanProgramme: "eps_deposit" } as OutcomeInput)).toEqual([]);
    // After a refusal, a new application of the same programme is allowed.
    expect(problemsOf(recorded(applied, { kind: "loan_refused", occurredOn: "2026-03-09" }), { ...applied, occurredOn: "2026-05-01" } as OutcomeInput)).toEqual(
      [],
    );
  });

  it("pays a local-budget loan from the local capital line only", () => {
    const local = recorded({ kind: "loan_applied", occurredOn: "2026-03-02", amountVnd: 50_000_000, loanProgramme: "local" }, approved);
    expect(problemsOf(local, { kind: "loan_disbursed", occurredOn: "2026-03-12", amountVnd: 50_000_000, capitalLine: "central" })).toEqual([
      "loanLocalCapital",
    ]);
    const [, , disbursed] = recorded({ kind: "loan_applied", occurredOn: "2026-03-02", amountVnd: 50_000_000, loanProgramme: "local" }, approved, {
      kind: "loan_disbursed",
      occurredOn: "2026-03-12",
      amountVnd: 50_000_000,
    });
    expect(disbursed!.capitalLine).toBe("local");
  });

  it("lets a person leave when not abroad and come back after leaving, with a reason when early", () => {
    const departed: OutcomeInput = { kind: "departed", occurredOn: "2026-05-01", country: "japan" };
    expect(problemsOf([], { kind: "returned", occurredOn: "2026-06-01", returnKind: "at_term" })).toEqual(["notAbroad"]);
    expect(problemsOf(recorded(departed), { ...departed, occurredOn: "2026-06-01" } as OutcomeInput)).toEqual(["alreadyAbroad"]);
    expect(problemsOf(recorded(departed), { kind: "returned", occurredOn: "2026-04-01", returnKind: "at_term" })).toEqual(["returnBeforeDeparture"]);
    expect(problemsOf(recorded(departed), { kind: "returned", occurredOn: "2026-09-01", returnKind: "early" })).toEqual(["returnReasonRequired"]);
    expect(problemsOf(recorded(departed), { kind: "returned", occurredOn: "2026-09-01", returnKind: "at_term", returnReason: "health" })).toEqual([
      "returnReasonAtTerm",
    ]);
    const trip = recorded(departed, { kind: "returned", occurredOn: "2026-09-01", returnKind: "early", returnReason: "health" });
    expect(replayOutcomes(trip, today).summary.trips).toEqual([
      expect.objectContaining({ country: "japan", returnedOn: "2026-09-01", returnKind: "early", returnReason: "health" }),
    ]);
    expect(problemsOf(trip, { ...departed, occurredOn: "2026-10-01" } as OutcomeInput)).toEqual([]);
  });

  it("calls the same outcome twice a duplicate", () => {
    expect(problemsOf(recorded(applied), applied)).toEqual(["duplicate"]);
  });

  it("refuses to cancel an outcome that a later one depends on", () => {
    const events = recorded(applied, approved, { kind: "loan_disbursed", occurredOn: "2026-03-12", amountVnd: 60_000_000 });
    expect(checkRetraction(events, events[1]!, today).map((problem) => problem.code)).toEqual(["loanNotApproved"]);
    expect(checkRetraction(events, events[2]!, today)).toEqual([]);
  });
});
