/** Outcomes of registrations: what the rest of the code may use (through ../index.ts). */
export {
  OUTCOME_KINDS,
  LOAN_PROGRAMMES,
  CAPITAL_LINES,
  SUPPORT_KINDS,
  DESTINATION_COUNTRIES,
  RETURN_KINDS,
  EARLY_RETURN_REASONS,
  DEFAULT_CAPITAL_LINE,
  type OutcomeKind,
  type LoanProgramme,
  type CapitalLine,
} from "./catalogue.js";
export {
  outcomeInput,
  replayOutcomes,
  type OutcomeEvent,
  type OutcomeInput,
  type OutcomeProblem,
  type OutcomeSummary,
  type LoanSummary,
  type TripSummary,
} from "./rules.js";
export { outcomeLabels, citizenOutcomeLines, type OutcomeLabels } from "./labels.js";
export { createRegistrationFacts, type RegistrationFacts, type RegistrationFactsReader } from "./facts.js";
export { OutcomeFileRejected, normaliseReference } from "./import-rows.js";
export {
  createOutcomeService,
  MAX_OUTCOME_IMPORT_ROWS,
  type OutcomeService,
  type OutcomesView,
  type OutcomeImportReport,
  type CompanyMatcher,
  type OutcomeScope,
} from "./service.js";
