/** Loan rules, the loan check and the estimate API. Other folders import from here only. */
export {
  loadLoanRules,
  checkLoanRules,
  textKeysOfRules,
  LoanRulesInvalid,
  applicantKinds,
  provinces,
  type LoanRules,
  type Programme,
  type ApplicantKind,
  type Province,
  type LoanSource,
} from "./rules.js";
export { parseAmount, parseDuration, MAX_AMOUNT_VND, MAX_DURATION_MONTHS, type AmountParse, type DurationParse } from "./parse-input.js";
export {
  assessLoan,
  assessProgramme,
  rateFor,
  sourcesOf,
  sourceIdsOfProgramme,
  type LoanCase,
  type LoanAssessment,
  type ProgrammeAssessment,
  type Eligibility,
} from "./assess.js";
export { repaymentPlan, repaymentMethods, type RepaymentMethod, type RepaymentPlan, type Instalment } from "./repayment.js";
export { isLoanCheckRequest } from "./triggers.js";
