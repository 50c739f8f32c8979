import type { FastifyInstance } from "fastify";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { scopeOf } from "../../staff/index.js";
import { monthlyListQuery, type MonthlyListExporter } from "../index.js";

/** `GET /api/admin/registrations/monthly-list`: the list a province sends every month. */
export function registerRegistrationAdminRoutes(app: FastifyInstance, options: StaffAccess & { exportMonthlyList: MonthlyListExporter }) {
  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/registrations/monthly-list",
      { schema: describeRoute({ summary: "The monthly list of registrations (XLSX or CSV)", tags: ["Registrations"], querystring: monthlyListQuery }) },
      async (request, reply) => {
        const query = parseRequest(monthlyListQuery, request.query, reply, "query");
        if (!query) return reply;
        const principal = staffOf(request);
        const file = await options.exportMonthlyList(query, {
          provinceCode: scopeOf(principal).provinceCode,
          // A commune account without a commune name sees nothing rather than its whole province.
          communeName: principal.role === "commune" ? (principal.communeName ?? "") : undefined,
        });
        // Who exported what, without any personal data: the file itself holds it.
        await options.audit.record(
          principal,
          { action: "registrations.export", detail: { month: query.month, province: query.province, format: query.format, rows: file.rows } },
          request.ip,
        );
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", `attachment; filename="${file.fileName}"`)
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );
  });
}
