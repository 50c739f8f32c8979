import type { FastifyInstance } from "fastify";
import { answerTo, joinErrorAnswers, type StaffAccess } from "../../server/index.js";
import { HandoffClosed, HandoffNotFound, type HandoffInbox } from "../index.js";
import { registerInboxRoutes } from "./admin-routes.js";

/** The staff inbox of handoffs, as a server plugin. */
export function handoffRoutes(inbox: HandoffInbox, access: StaffAccess) {
  return (app: FastifyInstance) => registerInboxRoutes(app, { ...access, service: inbox.service, inbox: inbox.inbox });
}

/** How the inbox's refusals are answered. */
export const handoffErrorAnswers = joinErrorAnswers(
  // Outside the caller's scope looks the same as missing: staff learn nothing about other provinces.
  answerTo(HandoffNotFound, () => ({ status: 404, body: { error: "no such handoff" } })),
  answerTo(HandoffClosed, () => ({ status: 409, body: { error: "the handoff is closed" } })),
);
