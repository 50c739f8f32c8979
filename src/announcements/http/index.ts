import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { AnnouncementDelivery, Announcements } from "../index.js";
import { registerAnnouncementAdminRoutes } from "./admin-routes.js";

/** The staff API for announcements, as a server plugin. */
export function announcementRoutes(announcements: Announcements, delivery: AnnouncementDelivery, access: StaffAccess) {
  return (app: FastifyInstance) =>
    registerAnnouncementAdminRoutes(app, {
      ...access,
      service: delivery.service,
      topics: announcements.topics,
      provinceCodes: announcements.provinceCodes,
      senders: delivery.senders,
      testRecipients: announcements.testSend.recipients,
      testPrefix: announcements.testSend.prefix,
    });
}
