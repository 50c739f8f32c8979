import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
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
  /** Proxies whose X-Forwarded-* headers are believed (TRUSTED_PROXIES); empty: none. */
  trustedProxies?: string[];
  /** Channels and features add their routes here (webhooks, admin API…). */
  plugins?: ((app: FastifyInstance) => void)[];
}

/** The one HTTP server: health probes, web chat, webhooks. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    // The client address comes from X-Forwarded-For only when the connection comes from one of
    // our own proxies: anyone else could name any address and escape the per-address limits.
    trustProxy: options.trustedProxies?.length ? options.trustedProxies : false,
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

  app.register(fastifyCookie);
  // The admin API described from its routes' schemas: /api/admin/openapi.json, and a reader at /admin/api-docs.
  app.register(fastifySwagger, {
    openapi: {
      info: { title: "Staff console API", version: "1", description: "The API the staff console uses. Log in with POST /api/admin/session; send the returned csrfToken as X-CSRF-Token on every change. Scripts may use Authorization: Bearer <ADMIN_API_TOKEN> instead." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "xkld_staff" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
    },
    hideUntagged: true,
  });
  app.register(fastifySwaggerUi, { routePrefix: "/admin/api-docs" });
  app.get("/api/admin/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.register(fastifyStatic, { root: path.join(publicDir), prefix: "/assets/", index: false, wildcard: false });
  registerWebChat(app, { core: options.core, publicDir });
  for (const plugin of options.plugins ?? []) plugin(app);
  return app;
}
