import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { HandoffInbox } from "../index.js";
import { registerInboxRoutes } from "./admin-routes.js";

/** The staff inbox of handoffs, as a server plugin. */
export function handoffRoutes(inbox: HandoffInbox, access: StaffAccess) {
  return (app: FastifyInstance) => registerInboxRoutes(app, { ...access, service: inbox.service, inbox: inbox.inbox });
}
