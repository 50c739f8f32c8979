import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf, scopeOf } from "../../staff/index.js";
import type { KnowledgeHolder } from "../index.js";
import type { DecideResult, PhrasingProposals } from "../index.js";
import { defaultLowCoverage, type QuestionReview } from "../index.js";

const tags = ["Knowledge"];
const dayMs = 86_400_000;

const questionsQuery = z.object({
  days: z.coerce.number().int().min(1).max(3650).default(90),
  maxCoverage: z.coerce.number().min(0).max(1).default(defaultLowCoverage),
});
const handledBody = z.strictObject({
  keys: z.array(z.string().max(1000)).min(1, "must name at least one group key").max(1000),
});
const feedbackQuery = z.object({ days: z.coerce.number().int().min(1).max(3650).optional() });
const proposalBody = z.strictObject({
  question: z.string().trim().min(3, "must be at least 3 characters").max(500, "must be at most 500 characters"),
  entryId: z.string().trim().min(1).max(200),
});
const proposalsQuery = z.object({
  status: z.enum(["pending", "approved", "rejected"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const proposalParams = z.object({ id: z.coerce.number().int().positive({ error: "must be a proposal id" }) });

/** `/api/admin/knowledge/…`: what curators of the knowledge base work with in the console. */
export function registerKnowledgeCurationRoutes(
  app: FastifyInstance,
  options: StaffAccess & { knowledge: KnowledgeHolder; review: QuestionReview; proposals: PhrasingProposals },
) {
  const { guard, audit, knowledge, review, proposals } = options;

  registerStaffRoutes(app, guard, (admin) => {
    admin.get(
      "/api/admin/knowledge/entries",
      { schema: describeRoute({ summary: "The entries of the live knowledge base (to pick one)", tags }) },
      async () => ({
        entries: knowledge.current.entries.map((entry) => ({ id: entry.id, title: entry.title, jurisdiction: entry.jurisdiction, topics: entry.topics })),
      }),
    );

    admin.get(
      "/api/admin/knowledge/questions",
      {
        schema: describeRoute({
          summary: "Unhandled unanswered and low-confidence questions, grouped by similarity",
          description:
            "Clarified and fallback questions, and answers with coverage below maxCoverage, over the last `days` days; province and commune staff see their province's and those of unknown province.",
          tags,
          querystring: questionsQuery,
        }),
      },
      async (request, reply) => {
        const query = parseRequest(questionsQuery, request.query, reply, "query");
        if (!query) return reply;
        const since = new Date(Date.now() - query.days * dayMs);
        const result = await review.unhandledGroups({ since, maxCoverage: query.maxCoverage, scope: scopeOf(staffOf(request)) });
        return { since, maxCoverage: query.maxCoverage, ...result };
      },
    );

    admin.post(
      "/api/admin/knowledge/questions/handled",
      {
        preHandler: guard.requireRole("admin", "province"),
        schema: describeRoute({ summary: "Mark the questions of a group handled", tags, body: handledBody }),
      },
      async (request, reply) => {
        const body = parseRequest(handledBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const handled = await review.markHandled(body.keys, scopeOf(principal), actorOf(principal));
        await audit.record(
          principal,
          { action: "knowledge.questions.handled", targetType: "question-group", detail: { keys: body.keys.length, questions: handled } },
          request.ip,
        );
        return { handled };
      },
    );

    admin.get(
      "/api/admin/knowledge/feedback",
      { schema: describeRoute({ summary: "👍 and 👎 per entry, worst first", tags, querystring: feedbackQuery }) },
      async (request, reply) => {
        const query = parseRequest(feedbackQuery, request.query, reply, "query");
        if (!query) return reply;
        return { entries: await review.feedbackPerEntry(query.days ? new Date(Date.now() - query.days * dayMs) : undefined) };
      },
    );

    admin.post(
      "/api/admin/knowledge/proposals",
      { schema: describeRoute({ summary: 'Propose "this question is another phrasing of entry X"', tags, body: proposalBody }) },
      async (request, reply) => {
        const body = parseRequest(proposalBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const result = await proposals.propose(body, actorOf(principal));
        if (result.kind === "unknown-entry")
          return reply.code(400).send({ error: "invalid request", fields: [{ field: "entryId", message: "is not an entry of the knowledge base" }] });
        if (result.kind === "duplicate") return reply.code(409).send({ error: `entry "${result.entryId}" already has this phrasing`, entryId: result.entryId });
        await audit.record(
          principal,
          {
            action: "knowledge.proposal.create",
            targetType: "phrasing-proposal",
            targetId: String(result.proposal.id),
            detail: { entryId: result.proposal.entryId },
          },
          request.ip,
        );
        return reply.code(201).send({ proposal: result.proposal });
      },
    );

    admin.get(
      "/api/admin/knowledge/proposals",
      {
        preHandler: guard.requireRole("admin"),
        schema: describeRoute({ summary: "Phrasing proposals (pending first in, by default)", tags, querystring: proposalsQuery }),
      },
      async (request, reply) => {
        const query = parseRequest(proposalsQuery, request.query, reply, "query");
        if (!query) return reply;
        return { proposals: await proposals.list(query.status, query.limit) };
      },
    );

    admin.post(
      "/api/admin/knowledge/proposals/:id/approve",
      {
        preHandler: guard.requireRole("admin"),
        schema: describeRoute({ summary: "Approve a phrasing into its entry's content file, then reload the content", tags, params: proposalParams }),
      },
      async (request, reply) => {
        const params = parseRequest(proposalParams, request.params, reply, "params");
        if (!params) return reply;
        const principal = staffOf(request);
        const result = await proposals.approve(params.id, actorOf(principal));
        if (result.kind !== "decided") return refuse(reply, result);
        await audit.record(
          principal,
          {
            action: "knowledge.proposal.approve",
            targetType: "phrasing-proposal",
            targetId: String(params.id),
            detail: { entryId: result.proposal.entryId, file: result.file ?? null },
          },
          request.ip,
        );
        request.log.info({ proposalId: params.id, entryId: result.proposal.entryId, file: result.file }, "phrasing approved into the content");
        return { proposal: result.proposal, file: result.file };
      },
    );

    admin.post(
      "/api/admin/knowledge/proposals/:id/reject",
      { preHandler: guard.requireRole("admin"), schema: describeRoute({ summary: "Reject a phrasing proposal", tags, params: proposalParams }) },
      async (request, reply) => {
        const params = parseRequest(proposalParams, request.params, reply, "params");
        if (!params) return reply;
        const principal = staffOf(request);
        const result = await proposals.reject(params.id, actorOf(principal));
        if (result.kind !== "decided") return refuse(reply, result);
        await audit.record(
          principal,
          { action: "knowledge.proposal.reject", targetType: "phrasing-proposal", targetId: String(params.id), detail: { entryId: result.proposal.entryId } },
          request.ip,
        );
        return { proposal: result.proposal };
      },
    );

    admin.post(
      "/api/admin/knowledge/reload",
      {
        preHandler: guard.requireRole("admin"),
        schema: describeRoute({
          summary: "Re-read and check the knowledge content; switch to it only when it has no problems",
          description: "Only this server instance reloads; other instances pick up the content when they restart.",
          tags,
        }),
      },
      async (request, reply) => {
        const principal = staffOf(request);
        const result = knowledge.reload();
        await audit.record(
          principal,
          { action: "knowledge.reload", detail: result.ok ? { entries: result.entries } : { problems: result.problems.length } },
          request.ip,
        );
        if (!result.ok) return reply.code(422).send({ error: "the content has problems; the bot keeps the previous content", problems: result.problems });
        request.log.info({ entries: result.entries }, "knowledge content reloaded");
        return { entries: result.entries };
      },
    );
  });
}

/** The one place a refused decision becomes an HTTP answer. */
function refuse(reply: FastifyReply, result: Exclude<DecideResult, { kind: "decided" }>) {
  switch (result.kind) {
    case "not-found":
      return reply.code(404).send({ error: "no such proposal" });
    case "already-decided":
      return reply.code(409).send({ error: `the proposal is already ${result.status}` });
    case "unknown-entry":
      return reply.code(409).send({ error: "the entry is no longer in the knowledge base" });
    case "duplicate":
      return reply.code(409).send({ error: `entry "${result.entryId}" already has this phrasing`, entryId: result.entryId });
    case "invalid-content":
      return reply.code(422).send({ error: "the content would have problems; the file was left unchanged", problems: result.problems });
  }
}
