import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { Companies } from "../index.js";
import { registerCompanyAdminRoutes } from "./admin-routes.js";

export { MAX_IMPORT_ROWS } from "./admin-routes.js";

/** The licensed-companies admin API, as a server plugin. */
export function companyRoutes(companies: Companies, access: StaffAccess) {
  return (app: FastifyInstance) => registerCompanyAdminRoutes(app, { ...access, directory: companies.directory });
}
