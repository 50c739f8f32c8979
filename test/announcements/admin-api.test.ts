import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { waitFor } from "../helpers/processes.js";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { subscribe } from "./support.js";
import { loginAs } from "../helpers/staff.js";
import { texts } from "../helpers/core.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
const adminToken = "test-admin-token-0123456789abcdef";
let telegram: FakeTelegram;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  telegram = await new FakeTelegram({ token }).start();
  app = await startTestApp({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: telegram.url,
    ADMIN_API_TOKEN: adminToken,
    ADMIN_TEST_RECIPIENTS: "telegram:999",
  });
  await subscribe(app.database.prisma, [
    { userId: "501", topic: "japan", locality: "hue" },
    { userId: "502", topic: "japan", locality: "can-tho" },
    { userId: "503", topic: "korea", locality: "hue" },
  ]);
});
afterAll(async () => {
  await app.close();
  await telegram.stop();
});

async function admin(method: string, path: string, body?: unknown, bearer: string | null = adminToken) {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("announcement admin API: access", () => {
  it.each([
    ["GET", "/api/admin/announcements"],
    ["POST", "/api/admin/announcements"],
    ["GET", "/api/admin/announcements/6f1c8a52-3f0e-4f7b-9d55-2d1f3c6a9b10"],
    ["POST", "/api/admin/announcements/6f1c8a52-3f0e-4f7b-9d55-2d1f3c6a9b10/cancel"],
    ["POST", "/api/admin/announcements/6f1c8a52-3f0e-4f7b-9d55-2d1f3c6a9b10/test"],
  ])("answers 401 to %s %s without a token and with a wrong one", async (method, path) => {
    const body = method === "POST" ? {} : undefined;
    expect((await admin(method, path, body, null)).status).toBe(401);
    expect((await admin(method, path, body, "wrong-token-wrong-token-wrong")).status).toBe(401);
  });
});

describe("announcement admin API: creating", () => {
  it("answers 400 with a message per invalid field", async () => {
    const { status, body } = await admin("POST", "/api/admin/announcements", {
      text: "",
      link: "javascript:alert(1)",
      target: { topics: ["mars"], localities: [] },
      sendAt: "tomorrow",
    });
    expect(status).toBe(400);
    expect(body.fields.map((field: { field: string }) => field.field).sort()).toEqual(["link", "sendAt", "target.localities", "target.topics.0", "text"]);
  });

  it("previews the recipients by channel on a dry run without writing anything", async () => {
    const { status, body } = await admin("POST", "/api/admin/announcements", { text: "Xem trước", target: { topics: ["japan"] }, dryRun: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, recipients: { total: 2, byChannel: { telegram: 2 } }, messagesPerRecipient: { telegram: 1 } });
    expect(await app.database.prisma.announcement.count({ where: { text: "Xem trước" } })).toBe(0);
  });

  it("counts on a dry run the matching subscribers no sender can reach (web chat), apart from the recipients", async () => {
    await subscribe(app.database.prisma, [
      { channel: "web", userId: "web-session-unreached", topic: "europe", locality: "hue" },
      { channel: "web", userId: "web-session-other-topic", topic: "korea", locality: "hue" },
      { channel: "telegram", userId: "504", topic: "europe", locality: "hue" },
    ]);
    const { body } = await admin("POST", "/api/admin/announcements", { text: "Châu Âu", target: { topics: ["europe"] }, dryRun: true });
    expect(body.recipients).toEqual({ total: 1, byChannel: { telegram: 1 }, unreachable: { web: 1 } });
  });

  it("refuses with the reason a text over the channel's limit when asked not to split it", async () => {
    const { status, body } = await admin("POST", "/api/admin/announcements", { text: "Câu dài. ".repeat(600), split: false });
    expect(status).toBe(400);
    expect(body.fields[0].message).toMatch(/telegram accepts at most 4096/);
  });

  it("sends now: every targeted subscriber gets it once, and the report shows it completed", async () => {
    const { status, body } = await admin("POST", "/api/admin/announcements", {
      text: "Hội chợ việc làm Nhật Bản tại Huế, 8 giờ ngày 5/12.",
      link: "https://vieclam.example.vn/hoi-cho",
      target: { topics: ["japan", "korea"], localities: ["hue"] },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "sending", recipients: 2 });
    await waitFor(async () => (await admin("GET", `/api/admin/announcements/${body.id}`)).body.status === "completed");
    const report = (await admin("GET", `/api/admin/announcements/${body.id}`)).body;
    expect(report.deliveries).toMatchObject({ sent: 2, queued: 0, failed: 0, blocked: 0, skipped_window: 0, skipped_unsubscribed: 0 });
    const received = telegram.sent.filter((message) => message.text.startsWith("Hội chợ việc làm Nhật Bản tại Huế"));
    expect(received.map((message) => String(message.chat_id)).sort()).toEqual(["501", "503"]);
    expect(received[0]!.text).toContain("https://vieclam.example.vn/hoi-cho");
    // Every announcement ends by saying how to stop them.
    expect(received[0]!.text.endsWith(texts.t("vi", "ann.footer"))).toBe(true);
  });

  it("schedules for later, and a scheduled announcement can be cancelled once", async () => {
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await admin("POST", "/api/admin/announcements", { text: "Lịch vay vốn mới", target: { topics: ["japan"] }, sendAt });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "scheduled", scheduledAt: sendAt, recipients: 0 });
    const cancelled = await admin("POST", `/api/admin/announcements/${created.body.id}/cancel`, {});
    expect(cancelled.body.status).toBe("cancelled");
    expect((await admin("POST", `/api/admin/announcements/${created.body.id}/cancel`, {})).status).toBe(409);
  });

  it("test-sends to the staff recipients from configuration, marked as a test", async () => {
    const created = await admin("POST", "/api/admin/announcements", { text: "Thử cảnh báo lừa đảo", target: { topics: ["scam-alerts"] } });
    const { status, body } = await admin("POST", `/api/admin/announcements/${created.body.id}/test`, {});
    expect(status).toBe(200);
    expect(body.results).toEqual([{ channel: "telegram", userId: "999", status: "sent" }]);
    expect(telegram.sentTo(999).map((message) => message.text)).toContain(`[THỬ NGHIỆM] Thử cảnh báo lừa đảo\n\n${texts.t("vi", "ann.footer")}`);
  });

  it("test-sends a draft before anything is created, so staff can read it first", async () => {
    const before = await app.database.prisma.announcement.count();
    const { status, body } = await admin("POST", "/api/admin/announcements/test", { text: "Bản nháp hội chợ", link: "https://vieclam.example.vn/nhap" });
    expect(status).toBe(200);
    expect(body.results).toEqual([{ channel: "telegram", userId: "999", status: "sent" }]);
    expect(telegram.sentTo(999).map((message) => message.text)).toContain(
      `[THỬ NGHIỆM] Bản nháp hội chợ\n\nhttps://vieclam.example.vn/nhap\n\n${texts.t("vi", "ann.footer")}`,
    );
    expect(await app.database.prisma.announcement.count()).toBe(before);
    expect((await admin("POST", "/api/admin/announcements/test", { text: " " })).status).toBe(400);
  });

  it("lists announcements newest first, and answers 404 / 400 for unknown or malformed ids", async () => {
    const list = await admin("GET", "/api/admin/announcements?limit=2");
    expect(list.body.announcements).toHaveLength(2);
    expect((await admin("GET", "/api/admin/announcements/6f1c8a52-3f0e-4f7b-9d55-2d1f3c6a9b10")).status).toBe(404);
    const malformed = await admin("GET", "/api/admin/announcements/not-an-id");
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields[0].field).toBe("id");
  });
});

describe("announcement admin API: roles", () => {
  it("lets province staff announce to their own province only, and commune staff not at all", async () => {
    const province = await loginAs(app, { username: "ann.hue", role: "province", provinceCode: "hue" });
    const preview = await province.request("POST", "/api/admin/announcements", { text: "Tin cho Huế", target: { topics: ["japan"] }, dryRun: true });
    expect(preview.status).toBe(200);
    // 501 (Japan, Huế) but not 502 (Japan, Cần Thơ).
    expect(preview.body.recipients.total).toBe(1);
    const elsewhere = await province.request("POST", "/api/admin/announcements", { text: "Tin", target: { localities: ["can-tho"] }, dryRun: true });
    expect(elsewhere.status).toBe(403);
    const commune = await loginAs(app, { username: "ann.commune", role: "commune", provinceCode: "hue", communeName: "Hương Trà" });
    expect((await commune.request("POST", "/api/admin/announcements", { text: "Tin", dryRun: true })).status).toBe(403);
    expect((await commune.request("GET", "/api/admin/announcements")).status).toBe(200);
  });
});

describe("announcement admin API: scope", () => {
  it("keeps another province's announcements, and the admin's, out of a province officer's reach: 404, as elsewhere", async () => {
    const hue = await loginAs(app, { username: "scope.hue", role: "province", provinceCode: "hue" });
    const canTho = await loginAs(app, { username: "scope.can-tho", role: "province", provinceCode: "can-tho" });
    const hueCommune = await loginAs(app, { username: "scope.hue.commune", role: "commune", provinceCode: "hue", communeName: "Hương Trà" });
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const ofCanTho = await canTho.request("POST", "/api/admin/announcements", { text: "Tin Cần Thơ", sendAt: later });
    const ofAdmin = await admin("POST", "/api/admin/announcements", { text: "Tin toàn quốc", target: { localities: ["hue"] }, sendAt: later });
    const ofHue = await hue.request("POST", "/api/admin/announcements", { text: "Tin Huế", sendAt: later });
    expect([ofCanTho.status, ofAdmin.status, ofHue.status]).toEqual([201, 201, 201]);

    for (const foreign of [ofCanTho.body.id, ofAdmin.body.id]) {
      expect((await hue.request("GET", `/api/admin/announcements/${foreign}`)).status).toBe(404);
      expect((await hue.request("POST", `/api/admin/announcements/${foreign}/test`)).status).toBe(404);
      expect((await hue.request("POST", `/api/admin/announcements/${foreign}/cancel`)).status).toBe(404);
    }
    expect((await admin("GET", `/api/admin/announcements/${ofCanTho.body.id}`)).body.status).toBe("scheduled");
    expect((await admin("GET", `/api/admin/announcements/${ofAdmin.body.id}`)).body.status).toBe("scheduled");

    const listed = (client: { request: typeof hue.request }) =>
      client.request("GET", "/api/admin/announcements?limit=200").then((response) => response.body.announcements.map((item: { id: string }) => item.id));
    for (const reader of [hue, hueCommune]) {
      const ids = await listed(reader);
      expect(ids).toContain(ofHue.body.id);
      expect(ids).not.toContain(ofCanTho.body.id);
      expect(ids).not.toContain(ofAdmin.body.id);
    }
    expect((await hueCommune.request("GET", `/api/admin/announcements/${ofHue.body.id}`)).status).toBe(200);
    const everything = (await admin("GET", "/api/admin/announcements?limit=200")).body.announcements.map((item: { id: string }) => item.id);
    expect(everything).toEqual(expect.arrayContaining([ofHue.body.id, ofCanTho.body.id, ofAdmin.body.id]));

    expect((await hue.request("POST", `/api/admin/announcements/${ofHue.body.id}/cancel`)).status).toBe(200);
  });
});
