import fs from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { httpTimeoutDefaults, type HttpTimeouts } from "../config.js";
import { isDatabaseUnavailable, type Database } from "../db/index.js";
import { answerFor, type ErrorAnswers } from "./domain-errors.js";

import { publicDir } from "../paths.js";

export { publicDir };

export interface ServerOptions {
  database: Database;
  logger: Logger;
  bodyLimitBytes: number;
  /** How long idle and slow clients are waited for; default fastify/demo's (config.ts). */
  timeouts?: HttpTimeouts;
  /** Proxies whose X-Forwarded-* headers are believed (TRUSTED_PROXIES); empty: none. */
  trustedProxies?: string[];
  /** Channels and features add their routes here (webhooks, admin API…). */
  plugins?: ((app: FastifyInstance) => void)[];
  /** How the routes' named domain errors are answered (each domain's http/ gives its table). */
  errorAnswers?: ErrorAnswers;
}

/** The one HTTP server: health probes, the web chat's files, then the routes the app hands in. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const timeouts = options.timeouts ?? httpTimeoutDefaults;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    connectionTimeout: timeouts.connectionTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      // Node looks at the header and request deadlines only this often (30 s by default): a
      // fifth of the headers timeout cuts a slow client within 20 % of the setting.
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(timeouts.headersTimeoutMs / 5)),
    },
    // The client address comes from X-Forwarded-For only when the connection comes from one of
    // our own proxies: anyone else could name any address and escape the per-address limits.
    trustProxy: options.trustedProxies?.length ? options.trustedProxies : false,
    // One line per request would drown the logs at webhook rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (isDatabaseUnavailable(error)) {
      // Not a bug: the database is down or cut off. Clients retry; the log says it once per request, without a stack.
      request.log.warn({ url: request.routeOptions.url, reason: error.message.split("\n").at(-1) }, "database unavailable");
      return reply.code(503).header("retry-after", "5").send({ error: "the database is unreachable: try again in a moment" });
    }
    // The one place a domain error becomes a status: route handlers just let it go.
    const answer = answerFor(options.errorAnswers ?? {}, error);
    if (answer)
      return reply
        .code(answer.status)
        .headers(answer.headers ?? {})
        .send(answer.body);
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
      // Unreachable, nothing is known about its migrations: say only that.
      ...(readiness.error ? { error: "database unreachable" } : { pendingMigrations: readiness.pendingMigrations }),
    });
  });

  app.register(fastifyCookie);
  // The admin API described from its routes' schemas; the document and its reader are served,
  // to staff only, by registerApiDocs (console.ts).
  app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Staff console API",
        version: "1",
        description:
          "The API the staff console uses. Log in with POST /api/admin/session; send the returned csrfToken as X-CSRF-Token on every change. Scripts may use Authorization: Bearer <ADMIN_API_TOKEN> instead.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "xkld_staff" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
    },
    hideUntagged: true,
  });

  // The web chat's files. The console's own files live in public/admin too, but are served
  // only under /admin/static/, with the console's security headers (console.ts).
  app.register(fastifyStatic, {
    root: path.join(publicDir),
    prefix: "/assets/",
    index: false,
    wildcard: false,
    allowedPath: (pathName) => !pathName.startsWith("/admin/"),
  });
  // Browsers ask for it on every page: answered, not a 404 in every log.
  const favicon = fs.readFileSync(path.join(publicDir, "favicon.ico"));
  app.get("/favicon.ico", async (_request, reply) => reply.type("image/x-icon").header("cache-control", "public, max-age=86400").send(favicon));
  for (const plugin of options.plugins ?? []) plugin(app);
  return app;
}
