import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { BotCore } from "../bot/index.js";
import { registerWebChat } from "../bot/channels/web/web-chat.js";
import type { Database } from "../db/index.js";

export const publicDir = fileURLToPath(new URL("../../public", import.meta.url));

export interface ServerOptions {
  core: BotCore;
  database: Database;
  logger: Logger;
  bodyLimitBytes: number;
  /** Channels and features add their routes here (webhooks, admin API…). */
  plugins?: ((app: FastifyInstance) => void)[];
}

/** The one HTTP server: health probes, web chat, webhooks. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    // Behind a reverse proxy the client address comes from X-Forwarded-For.
    trustProxy: true,
    // One line per request would drown the logs at webhook rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, url: request.routeOptions.url }, "request failed");
    return reply.code(status).send({ error: status === 500 ? "internal error" : error.message });
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const readiness = await options.database.readiness();
    return reply.code(readiness.ready ? 200 : 503).send({
      status: readiness.ready ? "ready" : "not ready",
      database: options.database.kind,
      pendingMigrations: readiness.pendingMigrations,
      ...(readiness.error ? { error: "database unreachable" } : {}),
    });
  });

  app.register(fastifyStatic, { root: path.join(publicDir), prefix: "/assets/", index: false, wildcard: false });
  registerWebChat(app, { core: options.core, publicDir });
  for (const plugin of options.plugins ?? []) plugin(app);
  return app;
}
