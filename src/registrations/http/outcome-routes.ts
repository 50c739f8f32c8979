import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { Texts } from "../../shared/index.js";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf, scopeOf } from "../../staff/index.js";
import { outcomeInput } from "../index.js";
import { MAX_OUTCOME_IMPORT_ROWS, type OutcomeChange, type OutcomeService } from "../index.js";

const idParams = z.object({ id: z.uuid({ error: "must be a registration id" }) });
const retractParams = idParams.extend({ outcomeId: z.coerce.number({ error: "must be an outcome id" }).int().positive() });
const note = z.object({ note: z.string().trim().min(1).max(500).optional() });
const importBody = z.strictObject({ csv: z.string().min(1, "must not be empty"), dryRun: z.boolean().default(true) });
// A bank's file of 5,000 lines with names in it is well over the server's default body limit.
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
const tags = ["Registration outcomes"];

/**
 * `/api/admin/registrations/:id/outcomes` and `/api/admin/outcomes/import`: what happened after
 * a registration (loan, support, departure, return). Every staff role may record outcomes in its
 * own area; a registration outside it answers 404. Every change is audited without personal data.
 */
export function registerOutcomeRoutes(app: FastifyInstance, options: StaffAccess & { outcomes: OutcomeService; texts: Texts }) {
  const { audit, outcomes } = options;
  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/registrations/:id/outcomes",
      { schema: describeRoute({ summary: "A registration's outcomes, its current outcome and the citizen's plain-language status", tags, params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "id");
        if (!params) return reply;
        return (await outcomes.outcomesOf(params.id, scopeOf(staffOf(request)))) ?? reply.code(404).send({ error: "no such registration" });
      },
    );

    admin.post(
      "/api/admin/registrations/:id/outcomes",
      {
        schema: describeRoute({
          summary: "Record an outcome (loan applied/approved/refused/disbursed, support paid, departed, returned)",
          description:
            "Body: `kind`, `occurredOn` (YYYY-MM-DD, not in the future) and the fields of that kind; optional `note` for the history. " +
            "A refused outcome answers 422 with `problems` (code and Vietnamese message), e.g. a disbursement before the approval.",
          tags,
          params: idParams,
          body: z.intersection(outcomeInput, note),
        }),
      },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "id");
        const extra = params && parseRequest(note, request.body, reply);
        if (!params || !extra) return reply;
        const { note: _note, ...fields } = (request.body ?? {}) as Record<string, unknown>;
        const input = parseRequest(outcomeInput, fields, reply);
        if (!input) return reply;
        const principal = staffOf(request);
        const result = await outcomes.record(params.id, input, { scope: scopeOf(principal), actor: actorOf(principal), note: extra.note });
        if (result.kind === "recorded") {
          await audit.record(
            principal,
            {
              action: "registration.outcome.record",
              targetType: "registration",
              targetId: params.id,
              detail: { kind: input.kind, outcomeId: result.outcomeId },
            },
            request.ip,
          );
        }
        return answer(reply, result, 201);
      },
    );

    admin.post(
      "/api/admin/registrations/:id/outcomes/:outcomeId/retract",
      {
        schema: describeRoute({
          summary: "Cancel an outcome recorded by mistake (outcomes are never changed or deleted)",
          tags,
          params: retractParams,
          body: note,
        }),
      },
      async (request, reply) => {
        const params = parseRequest(retractParams, request.params, reply, "id");
        const body = params && parseRequest(note, request.body, reply);
        if (!params || !body) return reply;
        const principal = staffOf(request);
        const result = await outcomes.retract(params.id, params.outcomeId, { scope: scopeOf(principal), actor: actorOf(principal), note: body.note });
        if (result.kind === "recorded") {
          await audit.record(
            principal,
            {
              action: "registration.outcome.retract",
              targetType: "registration",
              targetId: params.id,
              detail: { outcomeId: params.outcomeId, retractionId: result.outcomeId },
            },
            request.ip,
          );
        }
        return answer(reply, result, 200);
      },
    );

    admin.post(
      "/api/admin/outcomes/import",
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: describeRoute({
          summary: "Check (dryRun, the default) or import outcomes from a CSV file sent by the NHCSXH branch or a company",
          description:
            "JSON body: `csv` is the file's text (UTF-8, comma or semicolon separated, header row), `dryRun` true to only check. " +
            `At most ${MAX_OUTCOME_IMPORT_ROWS} lines. Columns (Vietnamese or English titles): mã đăng ký, kết quả, ngày (dd/mm/yyyy), ` +
            "số tiền, chương trình vay, nguồn vốn, loại hỗ trợ, nước đến, chương trình, doanh nghiệp, về nước (trước hạn/đúng hạn), lý do, ghi chú; " +
            "columns with names, birth dates or ID numbers are read past and never stored. Lines are matched by registration code, " +
            "in your area only. Every problem is listed in Vietnamese; with any problem nothing is written (422). Lines recorded already are left out.",
          tags,
          body: importBody,
        }),
      },
      async (request, reply) => {
        const body = parseRequest(importBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const report = await outcomes.importFile(body.csv, { scope: scopeOf(principal), actor: actorOf(principal), dryRun: body.dryRun });
        if (!body.dryRun) {
          await audit.record(
            principal,
            { action: "registrations.outcomes.import", targetType: "registration", detail: { ...report.counts, written: report.written } },
            request.ip,
          );
        }
        return reply.code(!body.dryRun && !report.written && report.counts.errors > 0 ? 422 : 200).send(report);
      },
    );
  });
}

/** The one place an outcome change becomes an HTTP answer. */
function answer(reply: FastifyReply, result: OutcomeChange, okStatus: number) {
  switch (result.kind) {
    case "recorded":
      return reply.code(okStatus).send({ outcomeId: result.outcomeId, ...result.view });
    case "notFound":
      return reply.code(404).send({ error: "no such registration" });
    case "anonymised":
      return reply.code(409).send({ error: "this registration was anonymised at the person's request" });
    case "refused":
      return reply.code(422).send({ error: "outcome refused", problems: result.problems });
  }
}
