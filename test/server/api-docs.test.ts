import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { loginAs } from "../helpers/staff.js";

const adminToken = "test-admin-token-0123456789abcdef";
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ ADMIN_API_TOKEN: adminToken });
});
afterAll(async () => app?.close());

const documents = ["/api/admin/openapi.json", "/admin/api-docs", "/admin/api-docs/json", "/admin/api-docs/yaml"];

describe("the admin API's description", () => {
  it("is not public: without a session or the API token it answers 401", async () => {
    for (const path of documents) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status, path).toBe(401);
      expect(await response.text(), path).not.toContain("/api/admin/registrations");
    }
  });

  it("is readable with the API token or a console session, with the console's security headers", async () => {
    const staff = await loginAs(app, { username: "docs.reader", role: "province", provinceCode: "hue" });
    for (const path of documents) {
      const callers: Record<string, string>[] = [{ authorization: `Bearer ${adminToken}` }, { cookie: staff.cookie }];
      for (const headers of callers) {
        const response = await fetch(`${app.baseUrl}${path}`, { headers });
        expect(response.status, path).toBe(200);
        expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
        expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      }
    }
    const document = (await (await fetch(`${app.baseUrl}/api/admin/openapi.json`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as {
      paths: Record<string, unknown>;
    };
    expect(document.paths["/api/admin/registrations/monthly-list"]).toBeDefined();
  });

  it("serves Swagger UI's own files with the console's security headers", async () => {
    for (const path of ["/admin/api-docs/static/swagger-ui-bundle.js", "/admin/api-docs/static/swagger-ui.css"]) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy"), path).toContain("script-src 'self'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });
});

describe("the console's files", () => {
  it("are served only under /admin, with its security headers, not raw under /assets", async () => {
    for (const file of ["app.js", "api.js", "index.html", "admin.css"]) {
      expect((await fetch(`${app.baseUrl}/assets/admin/${file}`)).status, file).toBe(404);
      if (file === "index.html") continue;
      const served = await fetch(`${app.baseUrl}/admin/static/${file}`);
      expect(served.status, file).toBe(200);
      expect(served.headers.get("content-security-policy"), file).toContain("default-src 'self'");
    }
    // The web chat's own files stay where the page expects them.
    const page = await (await fetch(`${app.baseUrl}/`)).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect((await fetch(`${app.baseUrl}${asset}`)).status, asset).toBe(200);
  });
});
