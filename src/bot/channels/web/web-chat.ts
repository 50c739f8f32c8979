import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { parseRequest } from "../../../server/index.js";
import type { BotCore } from "../../core/index.js";

const chatRequest = z
  .object({
    sessionId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, _ or -")
      .optional(),
    text: z.string().max(4000, "must be at most 4000 characters").optional(),
    action: z.string().max(64, "must be at most 64 characters").optional(),
    // A reloaded page: ask the open form's step again (nothing new typed).
    resume: z.literal(true).optional(),
  })
  .refine((body) => body.text !== undefined || body.action !== undefined || body.resume || body.sessionId === undefined, {
    message: "give text, action or resume",
  });

/**
 * The web chat: `POST /api/chat` for any client, and the page at `/` that uses it.
 * A new visitor gets a session id; the page keeps it in localStorage.
 */
export function registerWebChat(app: FastifyInstance, options: { core: BotCore; publicDir: string }) {
  const { core } = options;
  const pageTemplate = fs.readFileSync(path.join(options.publicDir, "index.html"), "utf8");
  const page = pageTemplate.replace(/\{\{([\w.]+)\}\}/g, (_, key: string) => escapeHtml(core.texts.t("vi", key)));

  app.get("/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(page));

  app.post("/api/chat", async (request, reply) => {
    const body = parseRequest(chatRequest, request.body, reply);
    if (!body) return reply;
    const sessionId = body.sessionId ?? randomUUID();
    const isNew = body.sessionId === undefined;
    let result;
    try {
      result = await core.handle({
        channel: "web",
        userId: sessionId,
        // A brand-new session without input is greeted as if it typed /start.
        text: isNew && !body.text && !body.action ? "/start" : body.text,
        action: body.action,
      });
    } catch (error) {
      // Database down, disk full…: the person is asked to send the same message again later.
      request.log.error({ err: error }, "web chat turn failed");
      return reply
        .code(503)
        .header("retry-after", "5")
        .send({ sessionId, replies: [core.failureReply()] });
    }
    // `flow` tells a reloaded page whether a form is waiting for an answer (its step is in `replies`).
    return { sessionId, replies: result.replies, flow: result.flow ?? null };
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
