import type { Texts } from "../../shared/index.js";
import type { Locale } from "../../shared/index.js";
import { formatDate, formatMoney } from "../validators.js";
import type { LoanSummary, OutcomeEvent, OutcomeProblem, OutcomeSummary } from "./rules.js";

/** Every code of an outcome as words of a locale: for staff, the citizen and the reports. */
export function outcomeLabels(texts: Texts, locale: Locale = "vi") {
  const t = (key: string, params?: Record<string, string | number>) => texts.t(locale, key, params);
  const labels = {
    kind: (kind: string) => t(`outcome.kind.${kind}`),
    loanProgramme: (code: string) => t(`outcome.loanProgramme.${code}`),
    capitalLine: (code: string) => t(`outcome.capitalLine.${code}`),
    supportKind: (code: string) => t(`outcome.supportKind.${code}`),
    country: (code: string) => (texts.has(`reg.choice.country.${code}`) ? t(`reg.choice.country.${code}`) : t(`outcome.country.${code}`)),
    programme: (code: string | null) => (code ? t(`reg.choice.programme.${code}`) : t("outcome.programme.unknown")),
    returnKind: (code: string) => t(`outcome.returnKind.${code}`),
    returnReason: (code: string) => t(`outcome.returnReason.${code}`),
    problem: (problem: OutcomeProblem) => t(`outcome.problem.${problem.code}`, formatParams(problem.params)),
    text: t,

    /** One line of the registration's history for an outcome. */
    describe(event: OutcomeEvent): string {
      const common = { date: formatDate(event.occurredOn), amount: event.amountVnd === null ? "" : formatMoney(event.amountVnd) };
      const programme = event.loanProgramme ? labels.loanProgramme(event.loanProgramme) : "";
      switch (event.kind) {
        case "loan_applied":
        case "loan_approved":
        case "loan_refused":
          return t(`outcome.history.${event.kind}`, { ...common, programme });
        case "loan_disbursed":
          return t("outcome.history.loan_disbursed", { ...common, programme, capitalLine: labels.capitalLine(event.capitalLine!) });
        case "support_paid":
          return t("outcome.history.support_paid", { ...common, support: labels.supportKind(event.supportKind!) });
        case "departed":
          return t("outcome.history.departed", {
            ...common,
            country: labels.country(event.country!),
            programme: labels.programme(event.programme),
            company: event.companyName ? t("outcome.history.departed.company", { company: event.companyName }) : "",
          });
        case "returned":
          return t("outcome.history.returned", {
            ...common,
            returnKind: labels.returnKind(event.returnKind!),
            reason: event.returnReason ? t("outcome.history.returned.reason", { reason: labels.returnReason(event.returnReason) }) : "",
          });
        default:
          return labels.kind(event.kind);
      }
    },
  };
  return labels;
}
export type OutcomeLabels = ReturnType<typeof outcomeLabels>;

/**
 * What a person reads about their own registration's outcome (/trangthai), in plain words:
 * the latest state of each loan, the support received, and where they are now. Empty when
 * nothing was recorded.
 */
export function citizenOutcomeLines(summary: OutcomeSummary, labels: OutcomeLabels): string[] {
  const lines: string[] = [];
  for (const loan of latestLoanPerProgramme(summary.loans)) {
    const programme = labels.loanProgramme(loan.programme);
    switch (loan.stage) {
      case "applied":
        lines.push(labels.text("outcome.citizen.loan.applied", { programme, amount: formatMoney(loan.appliedVnd), date: formatDate(loan.appliedOn) }));
        break;
      case "approved":
        lines.push(
          labels.text("outcome.citizen.loan.approved", {
            programme,
            amount: formatMoney(loan.approvedVnd ?? loan.appliedVnd),
            date: formatDate(loan.decidedOn!),
          }),
        );
        break;
      case "disbursed":
        lines.push(
          labels.text("outcome.citizen.loan.disbursed", { programme, amount: formatMoney(loan.disbursedVnd), date: formatDate(loan.lastDisbursedOn!) }),
        );
        break;
      case "refused":
        lines.push(labels.text("outcome.citizen.loan.refused", { programme, date: formatDate(loan.decidedOn!) }));
        break;
    }
  }
  if (summary.support.payments > 0) lines.push(labels.text("outcome.citizen.support", { amount: formatMoney(summary.support.paidVnd) }));
  const trip = summary.trips.at(-1);
  if (trip?.returnedOn) lines.push(labels.text("outcome.citizen.returned", { date: formatDate(trip.returnedOn) }));
  else if (trip) lines.push(labels.text("outcome.citizen.abroad", { country: labels.country(trip.country), date: formatDate(trip.departedOn) }));
  return lines;
}

function latestLoanPerProgramme(loans: LoanSummary[]): LoanSummary[] {
  const latest = new Map<string, LoanSummary>();
  for (const loan of loans) latest.set(loan.programme, loan);
  return [...latest.values()];
}

/** Dates as dd/mm/yyyy, amounts in đồng with thousands separators. */
function formatParams(params: Record<string, string | number> | undefined): Record<string, string | number> | undefined {
  if (!params) return undefined;
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      name === "date" && typeof value === "string" ? formatDate(value) : typeof value === "number" ? formatMoney(value) : value,
    ]),
  );
}
