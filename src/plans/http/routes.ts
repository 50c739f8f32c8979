import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { Localities } from "../../registrations/index.js";
import { vietnamToday } from "../../registrations/index.js";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf, scopeOf, type StaffPrincipal } from "../../staff/index.js";
import { METRICS, periodPattern, type Plan } from "../index.js";
import type { Dashboard } from "../index.js";
import { upcomingDeadlines } from "../index.js";
import { type PlanTargets } from "../index.js";

const period = z.string().regex(periodPattern, "must be a year (2024) or a range of years (2021-2025)");
const amount = z.number({ error: "must be a whole number" }).int("must be a whole number").nonnegative("must not be negative").max(Number.MAX_SAFE_INTEGER);

const dashboardQuery = z.object({ province: z.string().trim().min(2).max(80).optional(), period: period.optional() });
const deadlinesQuery = z.object({ from: z.iso.date({ error: "must be a date YYYY-MM-DD" }).optional() });
const plansQuery = z.object({ province: z.string().trim().min(2).max(80).optional(), period: period.optional() });
const targetParams = z.object({ id: z.coerce.number({ error: "must be a target id" }).int().positive() });
const planParams = z.object({ code: z.string().regex(/^[a-z0-9-]+$/, "must be a plan code") });
const targetChange = z
  .strictObject({ minimum: amount.optional(), maximum: amount.nullable().optional(), source: z.string().trim().max(300).nullable().optional() })
  .refine((change) => Object.keys(change).length > 0, "must change minimum, maximum or source");
const newTarget = z.strictObject({
  period,
  metric: z.enum(METRICS, { error: `must be one of ${METRICS.join(", ")}` }),
  minimum: amount,
  maximum: amount.nullable().optional(),
  source: z.string().trim().max(300).nullable().optional(),
});

export interface PlanRouteOptions extends StaffAccess {
  plans: Plan[];
  targets: PlanTargets;
  dashboard: Dashboard;
  localities: Localities;
  now: () => Date;
}

/** The dashboard, the plans' targets (editable) and their reporting deadlines. */
export function registerPlanRoutes(app: FastifyInstance, options: PlanRouteOptions) {
  const { plans, targets, audit, guard, localities } = options;
  const tags = ["Dashboard and plans"];

  /** The province code asked for, checked against the caller's scope; a reply was sent when undefined. */
  function provinceAsked(principal: StaffPrincipal, asked: string | undefined, reply: FastifyReply): { code?: string } | undefined {
    const own = scopeOf(principal).provinceCode;
    if (asked === undefined) return { code: own };
    const code = (localities.byCode(asked) ?? localities.findProvince(asked)?.province)?.code;
    if (!code) {
      void reply.code(400).send({ error: "invalid request", fields: [{ field: "province", message: "is not a known province or city" }] });
      return undefined;
    }
    if (own !== undefined && own !== code) {
      void reply.code(403).send({ error: "your account may only see its own province" });
      return undefined;
    }
    return { code };
  }

  /** Admins edit every target; province staff those of their province. */
  function mayEdit(principal: StaffPrincipal, provinceCode: string): boolean {
    return principal.role === "admin" || (principal.role === "province" && principal.provinceCode === provinceCode);
  }
  const refuseEdit = (reply: FastifyReply) => reply.code(403).send({ error: "your account may only change the targets of its own province" });

  registerStaffRoutes(app, guard, (admin) => {
    admin.get(
      "/api/admin/dashboard",
      {
        schema: describeRoute({
          summary: "Registration figures and progress against the plans' targets (no personal data)",
          tags,
          querystring: dashboardQuery,
        }),
      },
      async (request, reply) => {
        const query = parseRequest(dashboardQuery, request.query, reply, "query");
        if (!query) return reply;
        const principal = staffOf(request);
        const province = provinceAsked(principal, query.province, reply);
        if (!province) return reply;
        return options.dashboard({ ...scopeOf(principal), provinceCode: province.code }, query.period);
      },
    );

    admin.get(
      "/api/admin/deadlines",
      { schema: describeRoute({ summary: "The next reporting deadline of each item of the plans' schedules", tags, querystring: deadlinesQuery }) },
      async (request, reply) => {
        const query = parseRequest(deadlinesQuery, request.query, reply, "query");
        if (!query) return reply;
        const own = scopeOf(staffOf(request)).provinceCode;
        const from = query.from ?? vietnamToday(options.now());
        return {
          from,
          deadlines: upcomingDeadlines(
            plans.filter((plan) => own === undefined || plan.province === own),
            from,
          ),
        };
      },
    );

    admin.get(
      "/api/admin/plans",
      { schema: describeRoute({ summary: "The plans, their sources, schedules, loan budgets and targets", tags, querystring: plansQuery }) },
      async (request, reply) => {
        const query = parseRequest(plansQuery, request.query, reply, "query");
        if (!query) return reply;
        const code = query.province ? (localities.byCode(query.province) ?? localities.findProvince(query.province)?.province)?.code : undefined;
        if (query.province && !code) {
          return reply.code(400).send({ error: "invalid request", fields: [{ field: "province", message: "is not a known province or city" }] });
        }
        const rows = await targets.list({ provinceCode: code, period: query.period });
        return {
          plans: plans
            .filter((plan) => code === undefined || plan.province === code)
            .map(({ targets: _seedTargets, province, ...plan }) => ({
              ...plan,
              provinceCode: province,
              targets: rows.filter((row) => row.plan === plan.code),
            })),
        };
      },
    );

    admin.patch(
      "/api/admin/plans/targets/:id",
      {
        preHandler: guard.requireRole("admin", "province"),
        schema: describeRoute({ summary: "Change a target (admins, or province staff for their province)", tags, params: targetParams, body: targetChange }),
      },
      async (request, reply) => {
        const params = parseRequest(targetParams, request.params, reply, "id");
        const body = params && parseRequest(targetChange, request.body, reply);
        if (!params || !body) return reply;
        const principal = staffOf(request);
        const existing = await targets.find(params.id);
        if (!existing) return reply.code(404).send({ error: "no such target" });
        if (!mayEdit(principal, existing.provinceCode)) return refuseEdit(reply);
        const minimum = body.minimum ?? existing.minimum;
        const maximum = body.maximum === undefined ? existing.maximum : body.maximum;
        if (maximum !== null && maximum < minimum) {
          return reply.code(400).send({ error: "invalid request", fields: [{ field: "maximum", message: "must not be below minimum" }] });
        }
        const target = await targets.update(params.id, body, actorOf(principal));
        await audit.record(
          principal,
          {
            action: "plan.target.change",
            targetType: "plan_target",
            targetId: String(params.id),
            detail: {
              plan: existing.plan,
              period: existing.period,
              metric: existing.metric,
              before: { minimum: existing.minimum, maximum: existing.maximum },
              after: { minimum: target.minimum, maximum: target.maximum },
            },
          },
          request.ip,
        );
        return { target };
      },
    );

    admin.post(
      "/api/admin/plans/:code/targets",
      {
        preHandler: guard.requireRole("admin", "province"),
        schema: describeRoute({ summary: "Add a target for another period or metric of a plan", tags, params: planParams, body: newTarget }),
      },
      async (request, reply) => {
        const params = parseRequest(planParams, request.params, reply, "code");
        const body = params && parseRequest(newTarget, request.body, reply);
        if (!params || !body) return reply;
        const plan = plans.find((candidate) => candidate.code === params.code);
        if (!plan) return reply.code(404).send({ error: "no such plan" });
        const principal = staffOf(request);
        if (!mayEdit(principal, plan.province)) return refuseEdit(reply);
        if (body.maximum != null && body.maximum < body.minimum) {
          return reply.code(400).send({ error: "invalid request", fields: [{ field: "maximum", message: "must not be below minimum" }] });
        }
        const target = await targets.add({ ...body, plan: plan.code, provinceCode: plan.province }, actorOf(principal));
        await audit.record(
          principal,
          {
            action: "plan.target.add",
            targetType: "plan_target",
            targetId: String(target.id),
            detail: { plan: plan.code, period: body.period, metric: body.metric, minimum: body.minimum, maximum: body.maximum ?? null },
          },
          request.ip,
        );
        return reply.code(201).send({ target });
      },
    );
  });
}
