import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { OutboundSender, SendOutcome } from "../../shared/index.js";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { scopeOf } from "../../staff/index.js";
import type { PushChannel, Topic } from "../index.js";
import { partsFor, tooLongFor, type AnnouncementService } from "../index.js";
import { targetSchema } from "../index.js";

export interface AnnouncementAdminOptions extends StaffAccess {
  service: AnnouncementService;
  topics: Topic[];
  provinceCodes: string[];
  /** Channels with a sender, in the order of `senders`. */
  senders: OutboundSender[];
  testRecipients: { channel: PushChannel; userId: string }[];
  testPrefix: string;
}

/**
 * The staff API for announcements under `/api/admin/announcements`: create (or preview with
 * `dryRun`), test-send to staff, cancel, and follow progress. Bearer token from configuration.
 */
export function registerAnnouncementAdminRoutes(app: FastifyInstance, options: AnnouncementAdminOptions) {
  const { service } = options;
  const reachable = options.senders.map((sender) => sender.channel as PushChannel);
  const createBody = z.strictObject({
    text: z.string().trim().min(1, "must not be empty").max(20_000, "must be at most 20,000 characters"),
    link: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .max(2000)
      .optional(),
    target: targetSchema({ topics: options.topics, provinceCodes: options.provinceCodes }).default({}),
    sendAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2026-12-01T08:00:00+07:00" }).optional(),
    dryRun: z.boolean().default(false),
    // false: refuse rather than send a text in several messages.
    split: z.boolean().default(true),
    createdBy: z.string().trim().min(1).max(100).default("admin-api"),
  });
  const draftBody = z.strictObject({
    text: z.string().trim().min(1, "must not be empty").max(20_000, "must be at most 20,000 characters"),
    link: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .max(2000)
      .optional(),
  });
  const idParams = z.object({ id: z.uuid({ error: "must be an announcement id" }) });
  const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

  // Commune staff read their province's announcements; province staff announce to their own
  // province only and see only their province's; administrators see all (scopeOf).
  const announcers = options.guard.requireRole("admin", "province");

  registerStaffRoutes(app, options.guard, (admin) => {
    admin.post(
      "/api/admin/announcements",
      {
        preHandler: announcers,
        schema: describeRoute({ summary: "Create an announcement (or preview its recipients with dryRun)", tags: ["Announcements"], body: createBody }),
      },
      async (request, reply) => {
        const body = parseRequest(createBody, request.body, reply);
        if (!body) return reply;
        const { provinceCode } = scopeOf(staffOf(request));
        if (provinceCode !== undefined) {
          if (body.target.localities?.some((code) => code !== provinceCode)) {
            return reply.code(403).send({ error: "your account may only announce to its own province" });
          }
          body.target.localities = [provinceCode];
        }
        const channels = reachable.filter((channel) => !body.target.channels || body.target.channels.includes(channel));
        const message = service.messageOf({ text: body.text, link: body.link ?? null });
        const tooLong = tooLongFor(message, channels);
        if (tooLong && !body.split) {
          return reply.code(400).send({
            error: "invalid request",
            fields: [
              {
                field: "text",
                message: `is ${tooLong.length} characters with its link; ${tooLong.channel} accepts at most ${tooLong.limit} in one message (send with split: true to deliver it in several)`,
              },
            ],
          });
        }
        if (body.dryRun) {
          const recipients = await service.preview(body.target);
          return {
            dryRun: true,
            recipients,
            messagesPerRecipient: Object.fromEntries(channels.map((channel) => [channel, partsFor(message, channel).length])),
          };
        }
        const created = await service.create({
          text: body.text,
          link: body.link,
          target: body.target,
          sendAt: body.sendAt ? new Date(body.sendAt) : undefined,
          createdBy: staffOf(request).accountId ? staffOf(request).username : body.createdBy,
          provinceCode,
        });
        await options.audit.record(
          staffOf(request),
          {
            action: "announcement.create",
            targetType: "announcement",
            targetId: created.id,
            detail: { status: created.status, recipients: created.recipients },
          },
          request.ip,
        );
        request.log.info({ announcementId: created.id, status: created.status, recipients: created.recipients }, "announcement created");
        return reply.code(201).send(created);
      },
    );

    admin.get(
      "/api/admin/announcements",
      { schema: describeRoute({ summary: "Recent announcements", tags: ["Announcements"], querystring: listQuery }) },
      async (request, reply) => {
        const query = parseRequest(listQuery, request.query, reply);
        if (!query) return reply;
        return { announcements: await service.list(query.limit, scopeOf(staffOf(request))) };
      },
    );

    admin.get(
      "/api/admin/announcements/:id",
      { schema: describeRoute({ summary: "An announcement with its delivery report", tags: ["Announcements"], params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply);
        if (!params) return reply;
        const report = await service.report(params.id, scopeOf(staffOf(request)));
        return report ?? reply.code(404).send({ error: "no such announcement" });
      },
    );

    admin.post(
      "/api/admin/announcements/:id/cancel",
      { preHandler: announcers, schema: describeRoute({ summary: "Cancel an announcement not yet completed", tags: ["Announcements"], params: idParams }) },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply);
        if (!params) return reply;
        const outcome = await service.cancel(params.id, scopeOf(staffOf(request)));
        if (outcome === undefined) return reply.code(404).send({ error: "no such announcement" });
        if (outcome === "final") return reply.code(409).send({ error: "the announcement is already completed or cancelled" });
        await options.audit.record(staffOf(request), { action: "announcement.cancel", targetType: "announcement", targetId: params.id }, request.ip);
        return outcome;
      },
    );

    admin.post(
      "/api/admin/announcements/:id/test",
      {
        preHandler: announcers,
        schema: describeRoute({ summary: "Send an announcement to the staff test recipients", tags: ["Announcements"], params: idParams }),
      },
      async (request, reply) => {
        const params = parseRequest(idParams, request.params, reply);
        if (!params) return reply;
        const announcement = await service.report(params.id, scopeOf(staffOf(request)));
        if (!announcement) return reply.code(404).send({ error: "no such announcement" });
        const results = await sendTest(`${options.testPrefix}${service.messageOf(announcement)}`);
        if (!results) return noTestRecipients(reply);
        return { id: announcement.id, results };
      },
    );

    // "Gửi thử" before anything is created: staff read the draft on their own phone first.
    admin.post(
      "/api/admin/announcements/test",
      {
        preHandler: announcers,
        schema: describeRoute({
          summary: "Send a draft announcement to the staff test recipients, before creating it",
          tags: ["Announcements"],
          body: draftBody,
        }),
      },
      async (request, reply) => {
        const body = parseRequest(draftBody, request.body, reply);
        if (!body) return reply;
        const results = await sendTest(`${options.testPrefix}${service.messageOf({ text: body.text, link: body.link ?? null })}`);
        if (!results) return noTestRecipients(reply);
        return { results };
      },
    );
  });

  /** Sends to each staff test recipient; undefined when none is configured. */
  async function sendTest(message: string) {
    if (options.testRecipients.length === 0) return undefined;
    // Staff are not subscribers and a test is not part of the run: sent directly, not through the outbox.
    const results = [];
    for (const recipient of options.testRecipients) {
      const sender = options.senders.find((candidate) => candidate.channel === recipient.channel);
      const outcome: SendOutcome | { status: "no-sender" } = sender
        ? await sendAll(sender, recipient.userId, partsFor(message, recipient.channel))
        : { status: "no-sender" };
      results.push({ ...recipient, ...outcome });
    }
    return results;
  }
}

/** `code` lets the console say it in Vietnamese; `error` is for scripts. */
function noTestRecipients(reply: FastifyReply) {
  return reply.code(409).send({ error: "no staff test recipients: set ADMIN_TEST_RECIPIENTS, e.g. telegram:123,zalo-bot:abc", code: "noTestRecipients" });
}

async function sendAll(sender: OutboundSender, userId: string, parts: string[]): Promise<SendOutcome> {
  for (const part of parts) {
    const outcome = await sender.sendText(userId, part);
    if (outcome.status !== "sent") return outcome;
  }
  return { status: "sent" };
}
