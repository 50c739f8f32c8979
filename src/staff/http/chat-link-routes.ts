import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffGuard } from "../../server/index.js";
import { LINK_CODE_MINUTES, type AuditLog, type StaffChatLinks } from "../index.js";

const linkParams = z.object({ id: z.uuid({ error: "must be a link id" }) });

/**
 * A staff member's own Telegram/Zalo chats for the reporting reminders: a code to send to the
 * bot, the chats linked, and unlinking. Each account acts only on its own links; the API token
 * has no account, so it has no links.
 */
export function registerChatLinkRoutes(app: FastifyInstance, options: { chatLinks: StaffChatLinks; guard: StaffGuard; audit: AuditLog }) {
  const { chatLinks, audit } = options;
  const tags = ["Staff accounts"];

  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get("/api/admin/me/chat-links", { schema: describeRoute({ summary: "The chats linked to my account for reminders", tags }) }, async (request) => {
      const { accountId } = staffOf(request);
      return { links: accountId ? await chatLinks.linksOf(accountId) : [] };
    });

    admin.post(
      "/api/admin/me/chat-links/code",
      { schema: describeRoute({ summary: `A code to send to the bot as /lienket CODE within ${LINK_CODE_MINUTES} minutes`, tags }) },
      async (request, reply) => {
        const principal = staffOf(request);
        if (!principal.accountId) return reply.code(409).send({ error: "the API token has no account to link a chat to" });
        const issued = await chatLinks.issueCode(principal.accountId);
        await audit.record(principal, { action: "chat-link.code" }, request.ip);
        return { code: issued.code, expiresAt: issued.expiresAt.toISOString(), command: `/lienket ${issued.code}` };
      },
    );

    admin.delete(
      "/api/admin/me/chat-links/:id",
      { schema: describeRoute({ summary: "Unlink one of my chats", tags, params: linkParams }) },
      async (request, reply) => {
        const params = parseRequest(linkParams, request.params, reply, "id");
        if (!params) return reply;
        const principal = staffOf(request);
        if (!principal.accountId || !(await chatLinks.unlink(principal.accountId, params.id))) return reply.code(404).send({ error: "no such link" });
        await audit.record(principal, { action: "chat-link.remove", targetType: "chat-link", targetId: params.id }, request.ip);
        return { ok: true };
      },
    );
  });
}
