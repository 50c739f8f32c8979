import path from "node:path";
import type { PrismaClient } from "../db/index.js";
import type { Localities, RegistrationStatistics } from "../registrations/index.js";
import { loadPlans, type Plan } from "./catalogue.js";
import { createDashboard, type Dashboard } from "./dashboard.js";
import { createPlanTargets, type PlanTargets } from "./targets.js";

export { loadPlans, periodWindow, type Plan, type Metric } from "./catalogue.js";
export { upcomingDeadlines, type Deadline } from "./deadlines.js";
export type { PlanTarget } from "./targets.js";

export interface Plans {
  plans: Plan[];
  targets: PlanTargets;
  dashboard: Dashboard;
  /** Writes the targets of content/plans/plans.yaml that the table does not have yet. */
  seedTargets(): Promise<number>;
  localities: Localities;
  now: () => Date;
}

/** The local plans: their targets as editable data, the dashboard and the reporting deadlines. */
export function createPlans(deps: {
  prisma: PrismaClient;
  contentDir: string;
  localities: Localities;
  statistics: RegistrationStatistics;
  now?: () => Date;
}): Plans {
  const now = deps.now ?? (() => new Date());
  const plans = loadPlans(path.join(deps.contentDir, "plans", "plans.yaml"), (code) => deps.localities.byCode(code) !== undefined);
  const targets = createPlanTargets(deps.prisma);
  const dashboard = createDashboard({ statistics: deps.statistics, targets, plans, now });
  return {
    plans,
    targets,
    dashboard,
    seedTargets: () => targets.seed(plans),
    localities: deps.localities,
    now,
  };
}
export { METRICS, periodPattern } from "./catalogue.js";
export type { Dashboard } from "./dashboard.js";
export { TargetExists, type PlanTargets } from "./targets.js";
