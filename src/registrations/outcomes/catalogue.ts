import { COUNTRIES, PROGRAMMES } from "../catalogue.js";

/**
 * The codes an outcome is stored with. Labels live in content/locales/<locale>/outcomes.yaml as
 * `outcome.<field>.<code>`; countries and programmes reuse the registration's `reg.choice.*`
 * (plus `outcome.country.other` for a destination the form does not offer).
 */
export const OUTCOME_KINDS = ["loan_applied", "loan_approved", "loan_refused", "loan_disbursed", "support_paid", "departed", "returned"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/**
 * National: the loans of Luật Việc làm 2025 and NĐ 338/2025 (from 1/1/2026; earlier loans under
 * NĐ 61/2015 are recorded here too). EPS deposit: QĐ 16/2023/QĐ-TTg, at most 100 million.
 * Local: a province's own budget line entrusted to the NHCSXH (e.g. NQ 02/2023 Sóc Trăng).
 */
export const LOAN_PROGRAMMES = ["national", "eps_deposit", "local"] as const;
export type LoanProgramme = (typeof LOAN_PROGRAMMES)[number];

/** Where the money of a disbursement came from: the plans' budget lines use the same codes. */
export const CAPITAL_LINES = ["central", "local"] as const;
export type CapitalLine = (typeof CAPITAL_LINES)[number];

export const SUPPORT_KINDS = ["initial_cost"] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/** Where people actually go: the form's countries (but "undecided"), and "other". */
export const DESTINATION_COUNTRIES = [...COUNTRIES.filter((country) => country !== "undecided"), "other"] as const;
export type DestinationCountry = (typeof DESTINATION_COUNTRIES)[number];

export const DEPARTURE_PROGRAMMES = PROGRAMMES.filter((programme) => programme !== "undecided");

export const RETURN_KINDS = ["early", "at_term"] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

/** Why someone came back before the end of the contract; a return at term needs no reason. */
export const EARLY_RETURN_REASONS = ["employer_ended", "health", "family", "worker_ended", "violation", "other"] as const;
export type EarlyReturnReason = (typeof EARLY_RETURN_REASONS)[number];

/** The capital line a loan programme's money comes from unless staff say otherwise. */
export const DEFAULT_CAPITAL_LINE: Record<LoanProgramme, CapitalLine> = { national: "central", eps_deposit: "central", local: "local" };

/** Plausible amounts, in đồng: a typo of three zeros is caught, a real figure never refused. */
export const AMOUNT_LIMITS = {
  loan: { min: 1_000_000, max: 2_000_000_000 },
  // QĐ 16/2023/QĐ-TTg: the EPS deposit loan is at most 100 million.
  epsDeposit: { max: 100_000_000 },
  support: { min: 100_000, max: 50_000_000 },
} as const;

/** No outcome of this project happened before this day: an earlier date is a typing mistake. */
export const EARLIEST_OUTCOME_DAY = "2010-01-01";
