export { createLoanCheckFeature, LOAN_FLOW_ID } from "./loan-check.js";
export { answerLoanCheckRequest } from "./loan-request.js";
