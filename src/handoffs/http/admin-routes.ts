import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf, scopeOf, type StaffPrincipal } from "../../staff/index.js";
import { type StaffInbox } from "../index.js";
import type { HandoffService, InboxScope } from "../index.js";

const listQuery = z.object({
  status: z.enum(["open", "closed"], { error: "must be open or closed" }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const idParams = z.object({ id: z.uuid({ error: "must be a handoff id" }) });
const staffText = z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters");
const replyBody = z.strictObject({ text: staffText });
const closeBody = z.strictObject({ message: staffText.optional() });

/**
 * The staff inbox under `/api/admin/inbox`: the handoffs people asked for, their messages,
 * replies delivered through the person's channel, and closing. Every role may answer; province
 * staff see their province's handoffs and those whose province is unknown; commune staff the
 * same without those of other communes.
 */
export function registerInboxRoutes(app: FastifyInstance, options: StaffAccess & { service: HandoffService; inbox: StaffInbox }) {
  const { service, inbox, audit } = options;
  const tags = ["Inbox"];

  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/inbox",
      { schema: describeRoute({ summary: "Handoffs, open first and newest first", tags, querystring: listQuery }) },
      async (request, reply) => {
        const query = parseRequest(listQuery, request.query, reply, "query");
        if (!query) return reply;
        return { handoffs: await service.list({ ...query, scope: inboxScopeOf(staffOf(request)) }) };
      },
    );

    admin.get(
      "/api/admin/inbox/:id",
      { schema: describeRoute({ summary: "A handoff with all its messages", tags, params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "params");
        if (!params) return reply;
        const principal = staffOf(request);
        const handoff = await service.detail(params.id, inboxScopeOf(principal));
        if (!handoff) return notFound(reply);
        await audit.record(
          principal,
          { action: "handoff.view", targetType: "handoff", targetId: handoff.id, detail: { messages: handoff.messages.length } },
          request.ip,
        );
        return handoff;
      },
    );

    admin.post(
      "/api/admin/inbox/:id/reply",
      { schema: describeRoute({ summary: "Reply to the person through their channel", tags, params: idParams, body: replyBody }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "params");
        if (!params) return reply;
        const body = parseRequest(replyBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const message = await inbox.reply(params.id, inboxScopeOf(principal), asStaff(principal), body.text);
        await audit.record(principal, { action: "handoff.reply", targetType: "handoff", targetId: params.id, detail: deliveryDetail(message) }, request.ip);
        return reply.code(201).send({ message });
      },
    );

    admin.post(
      "/api/admin/inbox/:id/close",
      { schema: describeRoute({ summary: "Close a handoff: the person is told and the bot answers again", tags, params: idParams, body: closeBody }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply, "params");
        if (!params) return reply;
        const body = parseRequest(closeBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const message = await inbox.close(params.id, inboxScopeOf(principal), asStaff(principal), body.message);
        await audit.record(
          principal,
          {
            action: "handoff.close",
            targetType: "handoff",
            targetId: params.id,
            detail: { withMessage: body.message !== undefined, ...deliveryDetail(message) },
          },
          request.ip,
        );
        return { message };
      },
    );
  });
}

/** The staff member's locality: a handoff knows its province, and its commune when the person registered. */
function inboxScopeOf(principal: StaffPrincipal): InboxScope {
  return scopeOf(principal);
}

function asStaff(principal: StaffPrincipal) {
  return { name: principal.displayName, actor: actorOf(principal) };
}

function deliveryDetail(message: { deliveredAt: Date | null; deliveryError: string | null }) {
  return { delivered: message.deliveredAt !== null, failed: message.deliveryError !== null };
}

function notFound(reply: FastifyReply) {
  // Outside the caller's scope looks the same as missing: staff learn nothing about other provinces.
  return reply.code(404).send({ error: "no such handoff" });
}
