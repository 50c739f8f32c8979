import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { Reports } from "../index.js";
import { registerReportRoutes } from "./routes.js";

/** The period reports in the console, as a server plugin. */
export function reportRoutes(reports: Reports, access: StaffAccess) {
  return (app: FastifyInstance) => registerReportRoutes(app, { ...access, reports: reports.service });
}
