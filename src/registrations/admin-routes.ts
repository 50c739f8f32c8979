import type { FastifyInstance } from "fastify";
import { requireAdminToken } from "../server/admin-auth.js";
import { monthlyListQuery, UnknownProvince, type MonthlyListExporter } from "./exports.js";

/**
 * `GET /api/admin/registrations/monthly-list` for staff tools. Until the staff console brings
 * real accounts, a bearer token from configuration guards it; without one the API is off.
 */
export function registerRegistrationAdminRoutes(app: FastifyInstance, options: { token?: string; exportMonthlyList: MonthlyListExporter }) {
  app.get("/api/admin/registrations/monthly-list", { onRequest: requireAdminToken(options.token) }, async (request, reply) => {
    const parsed = monthlyListQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      return reply.code(400).send({
        error: "invalid request",
        fields: parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "query", message: issue.message })),
      });
    }
    try {
      const file = await options.exportMonthlyList(parsed.data);
      // Who exported what, without any personal data: the file itself holds it.
      request.log.info({ month: parsed.data.month, province: parsed.data.province, format: parsed.data.format, rows: file.rows }, "monthly list exported");
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `attachment; filename="${file.fileName}"`)
        .header("cache-control", "no-store")
        .send(file.body);
    } catch (error) {
      if (error instanceof UnknownProvince) {
        return reply.code(400).send({ error: "invalid request", fields: [{ field: "province", message: "is not a known province or city" }] });
      }
      throw error;
    }
  });
}
