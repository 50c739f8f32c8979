import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { Plans } from "../index.js";
import { registerPlanRoutes } from "./routes.js";

/** The plans, their targets and the dashboard in the console, as a server plugin. */
export function planRoutes(plans: Plans, access: StaffAccess) {
  return (app: FastifyInstance) =>
    registerPlanRoutes(app, { ...access, plans: plans.plans, targets: plans.targets, dashboard: plans.dashboard, localities: plans.localities, now: plans.now });
}
