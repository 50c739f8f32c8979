import type { FastifyInstance } from "fastify";
import { answerTo, invalidField, joinErrorAnswers, type StaffAccess } from "../../server/index.js";
import type { Texts } from "../../shared/index.js";
import { fileProblemMessage, OutcomeFileRejected, OutsideScope, UnknownProvince, type Registrations } from "../index.js";
import { registerRegistrationAdminRoutes } from "./admin-routes.js";
import { registerRegistrationConsoleRoutes } from "./console-routes.js";
import { registerOutcomeRoutes } from "./outcome-routes.js";

export { registerRegistrationAdminRoutes } from "./admin-routes.js";
export { registerClaimRoutes } from "./claim-routes.js";

/** The monthly list export, the registrations console and their outcomes, as a server plugin. */
export function registrationRoutes(registrations: Registrations, access: StaffAccess) {
  return (app: FastifyInstance) => {
    registerRegistrationAdminRoutes(app, { ...access, exportMonthlyList: registrations.exportMonthlyList });
    registerRegistrationConsoleRoutes(app, { ...access, console: registrations.console });
    registerOutcomeRoutes(app, { ...access, outcomes: registrations.outcomes, texts: registrations.texts });
  };
}

/** How the registrations' refusals are answered; an outcome file's problem in the staff's words. */
export function registrationErrorAnswers(texts: Texts) {
  return joinErrorAnswers(
    answerTo(OutsideScope, () => ({ status: 403, body: { error: "your account may only export the list of its own province" } })),
    answerTo(UnknownProvince, () => invalidField("province", "is not a known province or city")),
    answerTo(OutcomeFileRejected, (error) => invalidField("csv", fileProblemMessage(texts, error.problem))),
  );
}
