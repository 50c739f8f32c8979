import type { FastifyInstance } from "fastify";
import type { LoanRules } from "../index.js";
import { registerLoanEstimateRoute } from "./estimate-route.js";

export { registerLoanEstimateRoute } from "./estimate-route.js";

/** `POST /api/loans/estimate`, as a server plugin. */
export function loanRoutes(rules: LoanRules) {
  return (app: FastifyInstance) => registerLoanEstimateRoute(app, { rules });
}
