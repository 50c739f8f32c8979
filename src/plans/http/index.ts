import type { FastifyInstance } from "fastify";
import { answerTo, type StaffAccess } from "../../server/index.js";
import { TargetExists, type Plans } from "../index.js";
import { registerPlanRoutes } from "./routes.js";

/** The plans, their targets and the dashboard in the console, as a server plugin. */
export function planRoutes(plans: Plans, access: StaffAccess) {
  return (app: FastifyInstance) =>
    registerPlanRoutes(app, {
      ...access,
      plans: plans.plans,
      targets: plans.targets,
      dashboard: plans.dashboard,
      localities: plans.localities,
      now: plans.now,
    });
}

/** How the plans' refusals are answered. */
export const planErrorAnswers = answerTo(TargetExists, () => ({
  status: 409,
  body: { error: "this plan already has a target for this period and metric: change it instead" },
}));
