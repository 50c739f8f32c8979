import type { FastifyInstance } from "fastify";
import { answerTo, invalidField, joinErrorAnswers, type StaffAccess } from "../../server/index.js";
import { InvalidPeriod, PeriodNotStarted, UnknownPlan, type Reports } from "../index.js";
import { registerReportRoutes } from "./routes.js";

/** The period reports in the console, as a server plugin; the banner shows what is due within `bannerDays`. */
export function reportRoutes(reports: Reports, access: StaffAccess, bannerDays: number) {
  return (app: FastifyInstance) => registerReportRoutes(app, { ...access, reports: reports.service, bannerDays });
}

/** How the reports' refusals are answered. */
export const reportErrorAnswers = joinErrorAnswers(
  answerTo(UnknownPlan, () => ({ status: 404, body: { error: "no such plan" } })),
  answerTo(InvalidPeriod, () => invalidField("period", "is not a report period")),
  answerTo(PeriodNotStarted, () => ({ status: 422, body: { error: "this period has not begun: there is nothing to report yet" } })),
);
