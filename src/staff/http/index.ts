import type { FastifyInstance } from "fastify";
import { answerTo, joinErrorAnswers, type StaffAccess } from "../../server/index.js";
import { PasswordCheckBusy, UsernameTaken, type Staff } from "../index.js";
import { registerStaffAccountRoutes } from "./account-routes.js";
import { registerChatLinkRoutes } from "./chat-link-routes.js";

/** Login, logout, "who am I", staff accounts, the audit log and one's linked chats, as a server plugin. */
export function staffRoutes(staff: Staff, access: StaffAccess) {
  return (app: FastifyInstance) => {
    registerStaffAccountRoutes(app, { ...staff, guard: access.guard });
    registerChatLinkRoutes(app, { chatLinks: staff.chatLinks, guard: access.guard, audit: staff.audit });
  };
}

/** How the staff accounts' refusals are answered. */
export const staffErrorAnswers = joinErrorAnswers(
  answerTo(PasswordCheckBusy, () => ({ status: 503, headers: { "retry-after": "2" }, body: { error: "too many logins at once: try again in 2 seconds" } })),
  answerTo(UsernameTaken, () => ({ status: 409, body: { error: "this username is already taken" } })),
);
