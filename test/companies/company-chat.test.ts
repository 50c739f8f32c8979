import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";

let app: Awaited<ReturnType<typeof startTestApp>>;
let staff: StaffClient;
beforeAll(async () => {
  app = await startTestApp();
  staff = await loginAs(app, { username: "companies.loader" });
});
afterAll(async () => app.close());

interface ChatReply {
  text: string;
  buttons?: { label: string; action: string }[];
}

async function ask(text: string, locale: "vi" | "en" = "vi"): Promise<ChatReply[]> {
  const first = await chat({});
  if (locale === "en") await chat({ sessionId: first.sessionId, action: "lang:en" });
  return (await chat({ sessionId: first.sessionId, text })).replies;
}

async function chat(body: object): Promise<{ sessionId: string; replies: ChatReply[] }> {
  const response = await fetch(`${app.baseUrl}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as { sessionId: string; replies: ChatReply[] };
}

const verify = texts.t("vi", "co.verify");
const warnings = texts.t("vi", "co.warnings");

describe("asking about a company before staff loaded the list", () => {
  it("says the list is not loaded yet and how to check officially", async () => {
    const [reply] = await ask("công ty Sao Việt có giấy phép không?");
    expect(reply!.text).toBe(`${texts.t("vi", "co.emptyList", { name: "Sao Việt" })}\n\n${verify}`);
  });
});

describe("asking about a company on the list", () => {
  beforeAll(async () => {
    const csv = [
      "tên;số giấy phép;trạng thái;ngày danh sách",
      "Công ty TNHH Sao Việt;123/LĐTBXH-GP;được cấp phép;05/03/2025",
      "Công ty Cổ phần Hòa Bình;88/LĐTBXH-GP;đã thu hồi;05/03/2025",
      "Công ty TNHH Đông Á Nhân Lực;201/GP;được cấp phép;01/06/2025",
      "Công ty CP Đông Á Xanh;;được cấp phép;01/06/2025",
      ...[1, 2, 3, 4].map((n) => `Công ty TNHH Đông Á ${n};${n}/GP;được cấp phép;01/06/2025`),
    ].join("\n");
    const { status } = await staff.request("POST", "/api/admin/companies/import", { csv });
    expect(status).toBe(200);
  });

  it("answers that a licensed company is licensed, with its licence number, the list's date, how to verify and the warning signs", async () => {
    const [reply] = await ask("Cty TNHH Sao Việt có giấy phép không?");
    const answer = texts.t("vi", "co.licensed", { name: "Công ty TNHH Sao Việt", date: "05/03/2025", licence: "123/LĐTBXH-GP" });
    expect(reply!.text).toBe(`${answer}\n\n${verify}\n\n${warnings}`);
  });

  it("understands unaccented shorthand and one typo", async () => {
    const [reply] = await ask("cty sao viet co phep ko");
    expect(reply!.text).toContain("123/LĐTBXH-GP");
    const [typo] = await ask("sao vit có được cấp phép xklđ không");
    expect(typo!.text).toContain("123/LĐTBXH-GP");
  });

  it("answers that a revoked company's licence was revoked, with the date", async () => {
    const [reply] = await ask("kiểm tra công ty hoà bình");
    expect(reply!.text.startsWith(texts.t("vi", "co.revoked", { name: "Công ty Cổ phần Hòa Bình", date: "05/03/2025" }))).toBe(true);
    expect(reply!.text).toContain(verify);
  });

  it("says a company missing from the list is not on it as of its date, without judging it", async () => {
    const [reply] = await ask("công ty Minh Long có giấy phép không");
    expect(reply!.text).toBe(`${texts.t("vi", "co.notFound", { name: "Minh Long", date: "01/06/2025" })}\n\n${verify}`);
    expect(reply!.text).not.toMatch(/lừa đảo/i);
  });

  it("offers up to five companies as buttons when several match, and answers the one chosen", async () => {
    const [choice] = await ask("công ty Đông Á có giấy phép không");
    expect(choice!.text).toBe(texts.t("vi", "co.several", { name: "Đông Á" }));
    const companies = choice!.buttons!.filter((button) => button.action.startsWith("company:"));
    expect(companies.map((button) => button.label)).toEqual([1, 2, 3, 4].map((n) => `✅ Công ty TNHH Đông Á ${n}`).concat("✅ Công ty TNHH Đông Á Nhân Lực"));
    const { replies } = await chat({ action: companies[4]!.action });
    expect(replies[0]!.text).toContain(texts.t("vi", "co.licensed", { name: "Công ty TNHH Đông Á Nhân Lực", date: "01/06/2025", licence: "201/GP" }));
  });

  it("answers in English", async () => {
    const [reply] = await ask("Is Sao Viet licensed?", "en");
    expect(reply!.text).toContain(texts.t("en", "co.licensed", { name: "Công ty TNHH Sao Việt", date: "05/03/2025", licence: "123/LĐTBXH-GP" }));
    expect(reply!.text).toContain(texts.t("en", "co.verify"));
  });

  it("leaves the general question of how to check a company to the knowledge base", async () => {
    const [reply] = await ask("làm sao kiểm tra công ty có giấy phép");
    expect(reply!.text).not.toContain(verify);
    expect(reply!.buttons!.map((button) => button.action)).toContain("fb:up:company-how-to-check-license");
  });
});
