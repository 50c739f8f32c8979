import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf, scopeOf } from "../../staff/index.js";
import { APPLICANT_TYPES } from "../index.js";
import { REGISTRATION_STATUSES, type RegistrationConsole } from "../index.js";

const registrationListQuery = z.object({
  status: z.enum(REGISTRATION_STATUSES, { error: `must be one of ${REGISTRATION_STATUSES.join(", ")}` }).optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM, e.g. 2026-11")
    .optional(),
  province: z.string().trim().min(2).max(80).optional(),
  commune: z.string().trim().min(2).max(80).optional(),
  country: z.string().trim().min(2).max(60).optional(),
  programme: z.string().trim().min(2).max(60).optional(),
  applicantType: z.enum(APPLICANT_TYPES, { error: "must be worker or student" }).optional(),
  loanNeeded: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((value) => value === "true")
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const idParams = z.object({ id: z.uuid({ error: "must be a registration id" }) });
const statusChange = z.strictObject({
  status: z.enum(REGISTRATION_STATUSES, { error: `must be one of ${REGISTRATION_STATUSES.join(", ")}` }),
  note: z.string().trim().min(1).max(500).optional(),
});

const tags = ["Registrations"];
const notFound = (reply: FastifyReply) => reply.code(404).send({ error: "no such registration" });

/**
 * The console's registrations: list and search, detail with history, reveal, status change.
 * Every call that shows or changes personal data is audited; out-of-scope ids answer 404.
 */
export function registerRegistrationConsoleRoutes(app: FastifyInstance, options: StaffAccess & { console: RegistrationConsole }) {
  const { audit, console: registrations } = options;
  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/registrations",
      { schema: describeRoute({ summary: "Registrations in your scope: filter, search by name or phone, page", tags, querystring: registrationListQuery }) },
      async (request, reply) => {
        const query = parseRequest(registrationListQuery, request.query, reply, "query");
        if (!query) return reply;
        const principal = staffOf(request);
        const result = await registrations.list(query, scopeOf(principal));
        const { q: _searchText, ...filters } = query;
        // The filters, and only the kind of search: a name or phone typed is personal data.
        await audit.record(
          principal,
          { action: "registrations.list", detail: { ...filters, ...(query.q ? { search: result.searchKind ?? "ignored" } : {}), total: result.total } },
          request.ip,
        );
        return { total: result.total, page: query.page, pageSize: query.pageSize, rows: result.rows };
      },
    );

    admin.get(
      "/api/admin/registrations/:id",
      { schema: describeRoute({ summary: "A registration (citizen ID and phone masked) with its history", tags, params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "id");
        if (!params) return reply;
        const principal = staffOf(request);
        const detail = await registrations.detail(params.id, scopeOf(principal));
        if (!detail) return notFound(reply);
        await audit.record(principal, { action: "registration.view", targetType: "registration", targetId: params.id }, request.ip);
        return detail;
      },
    );

    admin.post(
      "/api/admin/registrations/:id/reveal",
      { schema: describeRoute({ summary: "The full citizen ID and phone of a registration (audited)", tags, params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "id");
        if (!params) return reply;
        const principal = staffOf(request);
        const result = await registrations.reveal(params.id, scopeOf(principal));
        if (result.kind === "notFound") return notFound(reply);
        if (result.kind === "anonymised") return reply.code(409).send({ error: "this registration was anonymised at the person's request" });
        await audit.record(principal, { action: "registration.reveal", targetType: "registration", targetId: params.id }, request.ip);
        return { citizenId: result.citizenId, phone: result.phone };
      },
    );

    admin.post(
      "/api/admin/registrations/:id/status",
      { schema: describeRoute({ summary: "Change a registration's status, with a note", tags, params: idParams, body: statusChange }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "id");
        const body = params && parseRequest(statusChange, request.body, reply);
        if (!params || !body) return reply;
        const principal = staffOf(request);
        const scope = scopeOf(principal);
        const result = await registrations.changeStatus(params.id, body.status, { scope, actor: actorOf(principal), note: body.note });
        if (result.kind === "notFound") return notFound(reply);
        if (result.kind === "notAllowed") {
          return reply.code(409).send({ error: `a registration cannot go from ${result.from} to ${result.to}`, from: result.from, to: result.to });
        }
        await audit.record(
          principal,
          { action: "registration.status", targetType: "registration", targetId: params.id, detail: { to: body.status } },
          request.ip,
        );
        return registrations.detail(params.id, scope);
      },
    );
  });
}
