import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { Staff } from "../index.js";
import { registerStaffAccountRoutes } from "./account-routes.js";

/** Login, logout, "who am I", staff accounts and the audit log, as a server plugin. */
export function staffRoutes(staff: Staff, access: StaffAccess) {
  return (app: FastifyInstance) => registerStaffAccountRoutes(app, { ...staff, guard: access.guard });
}
