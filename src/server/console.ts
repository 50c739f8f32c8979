import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { parse } from "yaml";
import { z } from "zod";
import { registerStaffRoutes, type StaffGuard } from "./staff-guard.js";
import { describeRoute } from "./validation.js";

const consoleTexts = z.record(z.string().regex(/^[a-z][\w.-]*$/, "keys are words joined by dots"), z.string().min(1));

/**
 * The rules the console's pages run under: only our own scripts, styles and API, never framed.
 * The pages build the DOM with textContent, and this forbids inline scripts besides.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The console's response headers, for every page and file staff load from this server. */
function addConsoleSecurityHeaders(scope: FastifyInstance) {
  scope.addHook("onSend", async (_request, reply) => {
    reply.header("content-security-policy", contentSecurityPolicy);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
  });
}

/** Loads the console's texts (Vietnamese: the console is for provincial staff). */
export function loadConsoleTexts(file: string): Record<string, string> {
  const parsed = consoleTexts.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  return parsed.data;
}

/**
 * The labels of stored codes (countries, programmes, outcomes…) from the bot's own catalogue in
 * `localeDir`: the same texts the exports and reports print, so the console never shows a code
 * nor a label of its own that could drift from them.
 */
export function loadCatalogueLabels(localeDir: string, prefixes: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const file of fs
    .readdirSync(localeDir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()) {
    const parsed = consoleTexts.safeParse(parse(fs.readFileSync(path.join(localeDir, file), "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
    for (const [key, text] of Object.entries(parsed.data)) if (prefixes.some((prefix) => key.startsWith(prefix))) labels[key] = text;
  }
  return labels;
}

/**
 * The staff console at /admin: one page that runs in the browser against the admin API, with
 * its files and Chart.js served from this server (it must work on an intranet without internet).
 */
export function registerConsole(app: FastifyInstance, options: { publicDir: string; texts: Record<string, string> }) {
  const consoleDir = path.join(options.publicDir, "admin");
  // JSON inside a <script type="application/json">: "<" escaped so no text can close the tag.
  const textsJson = JSON.stringify(options.texts).replace(/</g, "\\u003c");
  const page = fs.readFileSync(path.join(consoleDir, "index.html"), "utf8").replace("{{TEXTS}}", () => textsJson);
  const chartDir = path.dirname(createRequire(import.meta.url).resolve("chart.js"));

  app.register(async (scope) => {
    addConsoleSecurityHeaders(scope);
    scope.get("/admin", async (_request, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page));
    scope.get("/admin/", async (_request, reply) => reply.redirect("/admin"));
    scope.register(fastifyStatic, { root: consoleDir, prefix: "/admin/static/", decorateReply: false, index: false });
    scope.register(fastifyStatic, {
      root: chartDir,
      prefix: "/admin/vendor/",
      decorateReply: false,
      index: false,
      allowedPath: (pathName) => pathName === "/chart.umd.min.js",
    });
  });
}

/**
 * The admin API's OpenAPI document (`/api/admin/openapi.json`) and Swagger UI reading it
 * (`/admin/api-docs`): for staff and the API token only, since the document maps every route
 * an attacker could try. Swagger UI's own library files are public, with the console's headers.
 */
export function registerApiDocs(app: FastifyInstance, options: { guard: StaffGuard }) {
  registerStaffRoutes(app, options.guard, (admin) => {
    addConsoleSecurityHeaders(admin);
    admin.get("/api/admin/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  });
  app.register(async (scope) => {
    addConsoleSecurityHeaders(scope);
    await scope.register(fastifySwaggerUi, { routePrefix: "/admin/api-docs", uiHooks: { onRequest: options.guard.authenticate } });
  });
}

export interface ConsoleCatalogue {
  provinces: { code: string; name: string }[];
  topics: { code: string; label: string }[];
  registrationStatuses: string[];
  /** Channels announcements can be pushed through on this server. */
  channels: string[];
}

/** `GET /api/admin/catalogue`: the lists the console's forms offer. */
export function registerConsoleCatalogue(app: FastifyInstance, options: { guard: StaffGuard; catalogue: ConsoleCatalogue }) {
  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/catalogue",
      { schema: describeRoute({ summary: "Provinces, topics, statuses and channels for the console's forms", tags: ["Console"] }) },
      async () => options.catalogue,
    );
  });
}
