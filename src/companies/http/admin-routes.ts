import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf } from "../../staff/index.js";
import { LIMITS, readCompanyRows } from "../index.js";
import { type CompanyDirectory } from "../index.js";

export const MAX_IMPORT_ROWS = 5000;
// 5,000 rows with addresses and notes are well over the server's default body limit.
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value || null);

const companyBody = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(LIMITS.name, `must be at most ${LIMITS.name} characters`),
  licenceNumber: optionalText(LIMITS.licenceNumber),
  status: z.enum(["licensed", "revoked"], { error: "must be licensed or revoked" }),
  address: optionalText(LIMITS.address),
  note: optionalText(LIMITS.note),
  listDate: z.iso.date({ error: "must be a date such as 2025-03-05" }),
});
const changesBody = companyBody.partial();
const idParams = z.object({ id: z.coerce.number({ error: "must be a company id" }).int().positive("must be a company id") });
const listQuery = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.enum(["licensed", "revoked"], { error: "must be licensed or revoked" }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const importBody = z.strictObject({
  csv: z.string().min(1, "must not be empty"),
  dryRun: z.boolean().default(false),
  skipInvalid: z.boolean().default(false),
});

/**
 * `/api/admin/companies`: the list of licensed and revoked companies the bot answers from.
 * Everyone in the console may read it; admins and province staff change it.
 */
export function registerCompanyAdminRoutes(app: FastifyInstance, options: StaffAccess & { directory: CompanyDirectory }) {
  const { directory, audit } = options;
  const editors = { preHandler: options.guard.requireRole("admin", "province") };

  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/companies",
      { schema: describeRoute({ summary: "Licensed and revoked companies, by name", tags: ["Companies"], querystring: listQuery }) },
      async (request, reply) => {
        const query = parseRequest(listQuery, request.query, reply, "query");
        if (!query) return reply;
        return directory.list(query);
      },
    );

    admin.get(
      "/api/admin/companies/:id",
      { schema: describeRoute({ summary: "One company", tags: ["Companies"], params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "params");
        if (!params) return reply;
        return (await directory.get(params.id)) ?? reply.code(404).send({ error: "no such company" });
      },
    );

    admin.post(
      "/api/admin/companies",
      { ...editors, schema: describeRoute({ summary: "Add a company to the list", tags: ["Companies"], body: companyBody }) },
      async (request, reply) => {
        const body = parseRequest(companyBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const company = await directory.create(body, actorOf(principal));
        await audit.record(
          principal,
          { action: "company.create", targetType: "company", targetId: String(company.id), detail: { status: company.status } },
          request.ip,
        );
        return reply.code(201).send(company);
      },
    );

    admin.patch(
      "/api/admin/companies/:id",
      { ...editors, schema: describeRoute({ summary: "Change a company", tags: ["Companies"], params: idParams, body: changesBody }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "params");
        if (!params) return reply;
        const body = parseRequest(changesBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const company = await directory.update(params.id, body, actorOf(principal));
        if (!company) return reply.code(404).send({ error: "no such company" });
        await audit.record(
          principal,
          { action: "company.update", targetType: "company", targetId: String(company.id), detail: { fields: Object.keys(body) } },
          request.ip,
        );
        return company;
      },
    );

    admin.delete(
      "/api/admin/companies/:id",
      { ...editors, schema: describeRoute({ summary: "Remove a company from the list", tags: ["Companies"], params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "params");
        if (!params) return reply;
        if (!(await directory.remove(params.id))) return reply.code(404).send({ error: "no such company" });
        await audit.record(staffOf(request), { action: "company.delete", targetType: "company", targetId: String(params.id) }, request.ip);
        return reply.code(204).send();
      },
    );

    admin.post(
      "/api/admin/companies/import",
      {
        ...editors,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: describeRoute({
          summary: "Import companies from a CSV file (or preview with dryRun)",
          description:
            "JSON body: `csv` is the file's text (UTF-8, with or without BOM, comma or semicolon separated, RFC 4180 quotes) " +
            `with a header row; at most ${MAX_IMPORT_ROWS} rows. Columns: tên/name, số giấy phép/licence_number, trạng thái/status ` +
            "(được cấp phép, đã thu hồi, licensed, revoked), địa chỉ/address, ghi chú/note, ngày danh sách/list_date " +
            "(dd/mm/yyyy or yyyy-mm-dd). Rows are matched to stored companies by name without company-type words. " +
            "With an error on any line nothing is written (422) unless skipInvalid is true.",
          tags: ["Companies"],
          body: importBody,
        }),
      },
      async (request, reply) => {
        const body = parseRequest(importBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        let report;
        const rows = readCompanyRows(body.csv, { keyOf: directory.keyOf, maxRows: MAX_IMPORT_ROWS });
        report = await directory.importRows(rows, { dryRun: body.dryRun, skipInvalid: body.skipInvalid, actor: actorOf(principal) });
        if (!body.dryRun) {
          await audit.record(
            principal,
            { action: "companies.import", targetType: "company", detail: { ...report.counts, written: report.written, skipInvalid: body.skipInvalid } },
            request.ip,
          );
        }
        return reply.code(!body.dryRun && !report.written && report.counts.errors > 0 ? 422 : 200).send(report);
      },
    );
  });
}
