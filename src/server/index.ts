/**
 * The one HTTP server and what every route shares: request validation, the staff guard, the
 * console's pages. It knows no bot and no domain's routes: the app hands them in as plugins.
 */
export { buildServer, publicDir, type ServerOptions } from "./server.js";
export { describeRoute, documentedOnly, parseRequest } from "./validation.js";
export {
  createStaffGuard,
  CSRF_HEADER,
  registerStaffRoutes,
  SESSION_COOKIE,
  staffAccessFor,
  staffOf,
  type StaffAccess,
  type StaffGuard,
} from "./staff-guard.js";
export { loadCatalogueLabels, loadConsoleTexts, registerApiDocs, registerConsole, registerConsoleCatalogue, type ConsoleCatalogue } from "./console.js";
export { answerFor, answerTo, invalidField, joinErrorAnswers, type ErrorAnswer, type ErrorAnswers } from "./domain-errors.js";
