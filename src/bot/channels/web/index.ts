import type { FastifyInstance, FastifyRequest } from "fastify";
import type { BotCore } from "../../core/index.js";
import { registerWebChatUpdates, type WebChatUpdates } from "./chat-updates.js";
import { registerWebChat } from "./web-chat.js";
import { createWebChatSessionLimit, type WebChatSessionLimit } from "./web-chat-sessions.js";

export { createWebChatSessionLimit, type WebChatSessionLimit } from "./web-chat-sessions.js";
export { registerWebChatUpdates, type WebChatUpdates } from "./chat-updates.js";

/** The web chat as a server plugin: the page, `POST /api/chat` (limited per address) and staff replies. */
export function webChatRoutes(options: {
  core: BotCore;
  publicDir: string;
  /** New web chat sessions per address and hour (WEB_CHAT_SESSIONS_PER_ADDRESS); 0 or absent: no limit. */
  sessionsPerAddress?: number;
  /** Staff replies to a visitor (the handoffs module's `webChatUpdates`); absent: no such route. */
  updatesFor?(sessionId: string, afterId: number): Promise<WebChatUpdates>;
}) {
  return (app: FastifyInstance) => {
    app.register(async (scope) => {
      limitWebChatSessions(scope, options.core, createWebChatSessionLimit({ perAddress: options.sessionsPerAddress ?? 0, windowMs: 3600_000 }));
      registerWebChat(scope, { core: options.core, publicDir: options.publicDir });
    });
    const { updatesFor } = options;
    if (updatesFor) registerWebChatUpdates(app, { updatesFor });
  };
}

/**
 * Around `POST /api/chat`: a request for a session this address has not used is refused (429,
 * with a polite reply the page shows) once the address holds its share; every session the chat
 * answered is noted as known. Outside the web chat's own module, which knows no addresses.
 */
function limitWebChatSessions(scope: FastifyInstance, core: BotCore, limit: WebChatSessionLimit) {
  const isChatTurn = (request: FastifyRequest) => request.method === "POST" && request.routeOptions.url === "/api/chat";
  scope.addHook("preHandler", async (request, reply) => {
    if (!isChatTurn(request)) return;
    const sessionId = (request.body as { sessionId?: unknown } | null)?.sessionId;
    const wait = limit.retryAfterSeconds(request.ip, typeof sessionId === "string" ? sessionId : undefined);
    if (wait === 0) return;
    return reply
      .code(429)
      .header("retry-after", String(wait))
      .send({
        error: `too many new chat sessions from this address: try again in ${Math.ceil(wait / 60)} minutes`,
        replies: [{ text: core.texts.t("vi", "web.tooManySessions") }],
      });
  });
  scope.addHook("onSend", async (request, reply, payload) => {
    if (isChatTurn(request) && reply.statusCode === 200 && typeof payload === "string") {
      const sessionId = /^\{"sessionId":"([A-Za-z0-9_-]{8,64})"/.exec(payload)?.[1];
      if (sessionId) limit.record(request.ip, sessionId);
    }
    return payload;
  });
}
