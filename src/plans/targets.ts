import type { PrismaClient } from "../db/index.js";
import type { Metric, Plan } from "./catalogue.js";

/** A target as the API shows it: amounts as numbers (VND totals stay far below 2^53). */
export interface PlanTarget {
  id: number;
  plan: string;
  provinceCode: string;
  communeKey: string | null;
  period: string;
  metric: Metric;
  minimum: number;
  maximum: number | null;
  source: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export interface NewTarget {
  plan: string;
  provinceCode: string;
  period: string;
  metric: Metric;
  minimum: number;
  maximum?: number | null;
  source?: string | null;
}

export interface TargetChange {
  minimum?: number;
  maximum?: number | null;
  source?: string | null;
}

export class TargetExists extends Error {
  override name = "TargetExists";
}

export const SEED_ACTOR = "seed:content/plans/plans.yaml";

/** The plans' targets, kept as editable data in plan_targets. */
export function createPlanTargets(prisma: PrismaClient) {
  return {
    /** Writes the file's targets that have no row yet; rows staff edited stay as they are. */
    async seed(plans: Plan[]): Promise<number> {
      const { count } = await prisma.planTarget.createMany({
        data: plans.flatMap((plan) =>
          plan.targets.map((target) => ({
            plan: plan.code,
            provinceCode: plan.province,
            period: target.period,
            metric: target.metric,
            minimum: BigInt(target.minimum),
            maximum: target.maximum === undefined ? null : BigInt(target.maximum),
            source: `${plan.source.document} — ${plan.source.article}`,
            updatedBy: SEED_ACTOR,
          })),
        ),
        // The unique (plan, period, metric) makes a second start-up, or two instances at once, a no-op.
        skipDuplicates: true,
      });
      return count;
    },

    async list(filter: { plan?: string; provinceCode?: string; period?: string } = {}): Promise<PlanTarget[]> {
      const rows = await prisma.planTarget.findMany({ where: filter, orderBy: [{ plan: "asc" }, { period: "asc" }, { metric: "asc" }] });
      return rows.map(targetOf);
    },

    async find(id: number): Promise<PlanTarget | undefined> {
      const row = await prisma.planTarget.findUnique({ where: { id } });
      return row ? targetOf(row) : undefined;
    },

    async update(id: number, change: TargetChange, actor: string): Promise<PlanTarget> {
      const row = await prisma.planTarget.update({
        where: { id },
        data: {
          ...(change.minimum !== undefined ? { minimum: BigInt(change.minimum) } : {}),
          ...(change.maximum !== undefined ? { maximum: change.maximum === null ? null : BigInt(change.maximum) } : {}),
          ...(change.source !== undefined ? { source: change.source } : {}),
          updatedBy: actor,
        },
      });
      return targetOf(row);
    },

    async add(target: NewTarget, actor: string): Promise<PlanTarget> {
      const data = {
        plan: target.plan,
        provinceCode: target.provinceCode,
        period: target.period,
        metric: target.metric,
        minimum: BigInt(target.minimum),
        maximum: target.maximum == null ? null : BigInt(target.maximum),
        source: target.source ?? null,
        updatedBy: actor,
      };
      // ON CONFLICT DO NOTHING: the unique index decides, even between two simultaneous adds.
      const { count } = await prisma.planTarget.createMany({ data: [data], skipDuplicates: true });
      if (count === 0) throw new TargetExists(`${target.plan} ${target.period} ${target.metric}`);
      const row = await prisma.planTarget.findUniqueOrThrow({
        where: { plan_period_metric: { plan: target.plan, period: target.period, metric: target.metric } },
      });
      return targetOf(row);
    },
  };
}
export type PlanTargets = ReturnType<typeof createPlanTargets>;

function targetOf(row: Awaited<ReturnType<PrismaClient["planTarget"]["findUniqueOrThrow"]>>): PlanTarget {
  return {
    id: row.id,
    plan: row.plan,
    provinceCode: row.provinceCode,
    communeKey: row.communeKey,
    period: row.period,
    metric: row.metric as Metric,
    minimum: Number(row.minimum),
    maximum: row.maximum === null ? null : Number(row.maximum),
    source: row.source,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}
