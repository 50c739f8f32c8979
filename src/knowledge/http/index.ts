import type { FastifyInstance } from "fastify";
import type { StaffAccess } from "../../server/index.js";
import type { KnowledgeCuration } from "../index.js";
import { registerKnowledgeCurationRoutes } from "./curation-routes.js";

/** What curators of the knowledge base work with in the console, as a server plugin. */
export function knowledgeCurationRoutes(curation: KnowledgeCuration, access: StaffAccess) {
  return (app: FastifyInstance) => registerKnowledgeCurationRoutes(app, { ...access, ...curation });
}
