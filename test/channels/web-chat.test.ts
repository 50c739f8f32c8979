import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ BODY_LIMIT_BYTES: "4096" });
});
afterAll(async () => app.close());

async function chat(body: unknown) {
  const response = await fetch(`${app.baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("web chat API", () => {
  it("issues a session id to a new visitor and greets them with the menu", async () => {
    const { status, body } = await chat({});
    expect(status).toBe(200);
    expect(body.sessionId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(body.replies[0].text).toBe(texts.t("vi", "welcome"));
    expect(body.replies[0].buttons).toContainEqual({ label: texts.t("vi", "menu.help"), action: "help" });
  });

  it("keeps the conversation of a session across requests", async () => {
    const { body: first } = await chat({});
    await chat({ sessionId: first.sessionId, action: "lang:en" });
    const { body } = await chat({ sessionId: first.sessionId, text: "/menu" });
    expect(body.sessionId).toBe(first.sessionId);
    expect(body.replies[0].text).toBe(texts.t("en", "menu.title"));
  });

  it("answers 400 with a message per field for a malformed request", async () => {
    const { status, body } = await chat({ sessionId: "../../etc", text: 42 });
    expect(status).toBe(400);
    expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual(["sessionId", "text"]);
  });

  it("refuses a body above the configured limit with 413", async () => {
    const { status } = await chat({ text: "x".repeat(5000) });
    expect(status).toBe(413);
  });

  it("answers 400, not 500, to a body that is not JSON", async () => {
    const { status } = await chat("{not json");
    expect(status).toBe(400);
  });
});

describe("web chat page", () => {
  it("is served in Vietnamese at / with its assets from this server only", async () => {
    const response = await fetch(`${app.baseUrl}/`);
    const html = await response.text();
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(html).toContain(`<title>${texts.t("vi", "web.title")}</title>`);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url.startsWith("/")).toBe(true);
      expect((await fetch(`${app.baseUrl}${url}`)).status).toBe(200);
    }
  });

  it("reports alive and ready", async () => {
    expect(await (await fetch(`${app.baseUrl}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", pendingMigrations: [] });
  });
});
