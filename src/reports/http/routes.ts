import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { scopeOf, type StaffPrincipal } from "../../staff/index.js";
import { PERIOD_PATTERN } from "../index.js";
import { reportRequest, type ReportScope, type ReportService } from "../index.js";

const planAndPeriod = z.object({
  plan: z.string({ error: "is required: a plan code" }).regex(/^[a-z0-9-]+$/, "must be a plan code, e.g. kh2740-huong-tra"),
  period: z
    .string({ error: "is required: 2026-H1, 2026 or 2026-11" })
    .regex(PERIOD_PATTERN, "must be a half-year (2026-H1), a year (2026) or a month (2026-11)"),
});
const itemsQuery = z.object({ daysAhead: z.coerce.number({ error: "must be a number of days" }).int().min(0).max(366).optional() });
const communesQuery = z.object({
  plan: planAndPeriod.shape.plan,
  month: z.string({ error: "is required, as YYYY-MM" }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM, e.g. 2026-11"),
});
const tags = ["Reports"];

/**
 * `/api/admin/reports/…`: the figures, the documents and the dashboard of the plans' period
 * reports, and the reporting items for the console's banner. Every staff role may use them in
 * its own area: another province's plan is 404, a commune officer's figures are their commune's.
 */
export function registerReportRoutes(app: FastifyInstance, options: StaffAccess & { reports: ReportService; bannerDays: number }) {
  const { reports, audit } = options;
  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/reports/figures",
      { schema: describeRoute({ summary: "Every figure of a plan's report for a period (no personal data)", tags, querystring: planAndPeriod }) },
      async (request, reply) => {
        const query = parseRequest(planAndPeriod, request.query, reply, "query");
        if (!query) return reply;
        return reports.figures(query.plan, query.period, reportScope(staffOf(request)));
      },
    );

    admin.post(
      "/api/admin/reports/documents",
      {
        schema: describeRoute({
          summary: "Produce a plan's period report as DOCX (administrative report, NĐ 30/2020) or XLSX (its tables), as a download",
          description:
            "`reportingBody` (header lines, parent bodies first), `recipient` (Kính gửi) and `copies` (Nơi nhận) default to content/plans/plans.yaml; " +
            "for commune staff, to their commune's People's Committee. Number, date, difficulties, proposals and signature are left for staff.",
          tags,
          body: reportRequest,
        }),
      },
      async (request, reply) => {
        const body = parseRequest(reportRequest, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const file = await reports.document(body, reportScope(principal));
        await audit.record(
          principal,
          {
            action: "report.produce",
            targetType: "plan",
            targetId: body.plan,
            detail: { period: body.period, format: body.format, commune: principal.communeKey ?? null, departed: file.figures.summary.departed.total },
          },
          request.ip,
        );
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", `attachment; filename="${file.fileName}"`)
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );

    admin.get(
      "/api/admin/reports/dashboard",
      {
        schema: describeRoute({
          summary: "Progress by commune/ward and by month, loan budget used by capital line, the registration → departure funnel",
          tags,
          querystring: planAndPeriod,
        }),
      },
      async (request, reply) => {
        const query = parseRequest(planAndPeriod, request.query, reply, "query");
        if (!query) return reply;
        return reports.dashboard(query.plan, query.period, reportScope(staffOf(request)));
      },
    );

    admin.get(
      "/api/admin/reports/items",
      {
        schema: describeRoute({
          summary: "Reports due within daysAhead days (default: the furthest of REPORT_REMINDER_DAYS), each with the period to produce",
          tags,
          querystring: itemsQuery,
        }),
      },
      async (request, reply) => {
        const query = parseRequest(itemsQuery, request.query, reply, "query");
        if (!query) return reply;
        return { items: reports.reportingItems(query.daysAhead ?? options.bannerDays, reportScope(staffOf(request))) };
      },
    );

    admin.get(
      "/api/admin/reports/communes-without-records",
      {
        schema: describeRoute({
          summary: "Communes with registrations waiting for an outcome and nothing recorded in the month",
          tags,
          querystring: communesQuery,
        }),
      },
      async (request, reply) => {
        const query = parseRequest(communesQuery, request.query, reply, "query");
        if (!query) return reply;
        return { month: query.month, communes: await reports.communesWithoutRecords(query.plan, query.month, reportScope(staffOf(request))) };
      },
    );
  });
}

function reportScope(principal: StaffPrincipal): ReportScope {
  return { ...scopeOf(principal), ...(principal.role === "commune" && principal.communeName ? { communeName: principal.communeName } : {}) };
}
