import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { parseRequest } from "../../../server/index.js";

const updatesQuery = z.object({
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, _ or -"),
  after: z.coerce.number().int().min(0).default(0),
});

export interface WebChatUpdates {
  handoffOpen: boolean;
  messages: { id: number; text: string; at: Date }[];
}

/**
 * `GET /api/chat/updates`: what staff wrote to a web chat visitor since message `after`. The
 * page has no push channel, so it polls. The session id is the only key, the same trust as
 * the chat itself: whoever holds it holds the conversation.
 */
export function registerWebChatUpdates(app: FastifyInstance, options: { updatesFor(sessionId: string, afterId: number): Promise<WebChatUpdates> }) {
  app.get("/api/chat/updates", async (request, reply) => {
    const query = parseRequest(updatesQuery, request.query, reply, "query");
    if (!query) return reply;
    return options.updatesFor(query.sessionId, query.after);
  });
}
