import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { Registrations } from "../index.js";
import { registerRegistrationAdminRoutes } from "./admin-routes.js";
import { registerRegistrationConsoleRoutes } from "./console-routes.js";
import { registerOutcomeRoutes } from "./outcome-routes.js";

export { registerRegistrationAdminRoutes } from "./admin-routes.js";

/** The monthly list export, the registrations console and their outcomes, as a server plugin. */
export function registrationRoutes(registrations: Registrations, access: StaffAccess) {
  return (app: FastifyInstance) => {
    registerRegistrationAdminRoutes(app, { ...access, exportMonthlyList: registrations.exportMonthlyList });
    registerRegistrationConsoleRoutes(app, { ...access, console: registrations.console });
    registerOutcomeRoutes(app, { ...access, outcomes: registrations.outcomes, texts: registrations.texts });
  };
}
