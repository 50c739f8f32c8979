import type { FastifyInstance } from "fastify";
import { answerTo, invalidField, joinErrorAnswers, type StaffAccess } from "../../server/index.js";
import { CompanyExists, CompanyNameWithoutKey, CsvRejected, CsvSyntaxError, ImportConflict, type Companies } from "../index.js";
import { registerCompanyAdminRoutes } from "./admin-routes.js";

export { MAX_IMPORT_ROWS } from "./admin-routes.js";

/** The licensed-companies admin API, as a server plugin. */
export function companyRoutes(companies: Companies, access: StaffAccess) {
  return (app: FastifyInstance) => registerCompanyAdminRoutes(app, { ...access, directory: companies.directory });
}

/** How the companies' refusals are answered. */
export const companyErrorAnswers = joinErrorAnswers(
  answerTo(CompanyExists, (error) => ({ status: 409, body: { error: error.message, existingId: error.existingId } })),
  answerTo(ImportConflict, (error) => ({ status: 409, body: { error: error.message } })),
  answerTo(CsvRejected, (error) => ({
    status: 400,
    body: { error: "invalid request", fields: [{ field: "csv", message: error.message, problem: error.problem }] },
  })),
  answerTo(CsvSyntaxError, (error) => ({
    status: 400,
    body: { error: "invalid request", fields: [{ field: "csv", message: error.message, problem: { code: "syntax", params: { line: error.line } } }] },
  })),
  answerTo(CompanyNameWithoutKey, (error) => invalidField("name", error.message)),
);
