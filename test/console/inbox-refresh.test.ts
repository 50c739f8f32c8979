import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { staffPassword } from "../helpers/staff.js";
import { browserMissing, consolePage, launchBrowser } from "./browser.js";
import { foreignParts } from "./plain-vietnamese.js";

const shotsDir = process.env.SHOTS_DIR;
let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;

beforeAll(async () => {
  if (browserMissing) return;
  app = await startTestApp();
  await app.staff.accounts.create({ username: "admin", displayName: "Nguyễn Thị Lan", password: staffPassword, role: "admin" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type Replies = { text: string; buttons?: { label: string; action: string }[] }[];

/** A web chat visitor, through the real chat API. */
function visitor(sessionId: string) {
  const send = async (input: { text?: string; action?: string }): Promise<Replies> => {
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId, ...input }),
    });
    return ((await response.json()) as { replies: Replies }).replies;
  };
  const press = async (replies: Replies, label: string) => {
    const button = replies.flatMap((reply) => reply.buttons ?? []).find((candidate) => candidate.label === label);
    if (!button) throw new Error(`no button ${label} in ${JSON.stringify(replies)}`);
    return send({ action: button.action });
  };
  return { send, press };
}

async function askStaff(sessionId: string, question: string) {
  const person = visitor(sessionId);
  const answered = await person.send({ text: question });
  const asked = await person.press(answered, "🙋 Hỏi cán bộ");
  await person.press(asked, "✅ Đồng ý, chuyển cho cán bộ");
  return person;
}

describe.skipIf(browserMissing)("the inbox refreshes itself", () => {
  it("shows a new question, its unread count in the menu, and the person's next message, without a reload", async () => {
    const staff = await consolePage(browser, app, "admin");
    await staff.getByRole("link", { name: "Hộp thư hỏi cán bộ" }).click();
    await staff.getByText("Không có câu hỏi nào.").waitFor();
    expect(await staff.locator("#inbox-count").isHidden()).toBe(true);

    const person = await askStaff("inbox-refresh-person-1", "Cho em hỏi thủ tục nhận con nuôi ở nước ngoài");
    // The list (polled every 10 s) and the menu's count (every 15 s) catch up by themselves.
    await staff.locator("tbody tr").first().waitFor({ timeout: 25_000 });
    await expect.poll(() => staff.locator("#inbox-count").innerText(), { timeout: 25_000 }).toBe("1");
    if (shotsDir) {
      fs.mkdirSync(shotsDir, { recursive: true });
      await staff.screenshot({ path: `${shotsDir}/console-inbox-count-desktop.png` });
    }

    // The bot's earlier answer is said in words, not as "[fallback] …".
    expect(foreignParts(await staff.locator("body").innerText())).toEqual([]);
    expect(await staff.locator("tbody").innerText()).not.toMatch(/\[\w+/);
    await staff.locator("tbody tr").first().click();
    await staff
      .locator(".chat")
      .getByText(/con nuôi/)
      .first()
      .waitFor();
    await staff.getByLabel("Trả lời").fill("Chào em, ");
    await person.send({ text: "Em ở phường Hương Trà ạ" });
    await staff.locator(".chat").getByText("Em ở phường Hương Trà ạ").waitFor({ timeout: 15_000 });
    // What staff were typing is still there.
    expect(await staff.getByLabel("Trả lời").inputValue()).toBe("Chào em, ");
    // Answered: nothing waits any more, and the menu says so by itself.
    await staff.getByLabel("Trả lời").fill("Chào em, thủ tục con nuôi không thuộc chương trình này.");
    await staff.getByRole("button", { name: "Gửi trả lời" }).click();
    await expect.poll(() => staff.locator("#inbox-count").isHidden(), { timeout: 25_000 }).toBe(true);
    await staff.context().close();
  }, 90_000);
});
