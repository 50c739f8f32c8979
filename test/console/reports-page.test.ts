import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { registrationInput } from "../registrations/fixtures.js";
import { staffPassword } from "../helpers/staff.js";
import { browserMissing, consolePage, launchBrowser, viewports } from "./browser.js";
import { foreignParts } from "./plain-vietnamese.js";

const shotsDir = process.env.SHOTS_DIR;
const lastMonth = (() => {
  const now = new Date();
  const date = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
})();

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;

beforeAll(async () => {
  if (browserMissing) return;
  app = await startTestApp();
  await app.staff.accounts.create({ username: "admin", displayName: "Nguyễn Thị Lan", password: staffPassword, role: "admin" });
  await app.staff.accounts.create({ username: "can.bo.hue", displayName: "Trần Văn Bình", password: staffPassword, role: "province", provinceCode: "hue" });
  for (const [index, communeName] of ["Phường Hương Trà", "Phường Kim Trà"].entries()) {
    const result = await app.registrations.service.submit(
      registrationInput({ provinceCode: "hue", communeName, communeKey: communeName.slice(7).toLowerCase(), phone: `+8491200030${index}` }),
      { channel: "web", userId: `report-${index}` },
    );
    if (result.kind !== "created") throw new Error("registration not created");
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

function login(viewport: keyof typeof viewports, username: string): Promise<Page> {
  return consolePage(browser, app, username, { viewport: viewports[viewport] });
}

describe.skipIf(browserMissing)("the console's Báo cáo page", () => {
  for (const viewport of ["phone", "desktop"] as const) {
    it(`previews a plan's figures for a period and downloads the Word and Excel files (${viewport})`, async () => {
      const page = await login(viewport, "can.bo.hue");
      await page.getByRole("link", { name: "Báo cáo" }).click();
      await page.getByRole("heading", { level: 1, name: "Báo cáo" }).waitFor();
      // An officer of Huế sees Huế's plan only.
      expect(await page.getByLabel("Kế hoạch").locator("option").allTextContents()).toEqual([expect.stringContaining("2740/KH-UBND")]);
      await page.getByLabel("Kỳ báo cáo").selectOption(String(new Date().getFullYear()));
      const registered = page.locator("tr", { hasText: "Số người đăng ký" });
      await expect.poll(() => registered.innerText()).toMatch(/2$/);
      if (shotsDir) {
        fs.mkdirSync(shotsDir, { recursive: true });
        await page.screenshot({ path: `${shotsDir}/console-reports-${viewport}.png`, fullPage: true });
      }
      expect(foreignParts(await page.locator("body").innerText())).toEqual([]);

      for (const [button, extension] of [
        ["Tải báo cáo (Word)", "docx"],
        ["Tải bảng số liệu (Excel)", "xlsx"],
      ] as const) {
        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: button }).click();
        const file = await download;
        expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${extension}$`));
        const bytes = fs.readFileSync((await file.path())!);
        expect(bytes.subarray(0, 2).toString()).toBe("PK");
      }
      expect(await app.database.prisma.auditEvent.count({ where: { action: "report.produce", actor: "staff:can.bo.hue" } })).toBeGreaterThanOrEqual(2);
      await page.context().close();
    });
  }

  it("opens a report from its link with the plan and period chosen, and shows a banner for each report due within a week", async () => {
    const page = await login("desktop", "admin");
    const due = await page.evaluate(
      async () => (await (await fetch("/api/admin/reports/items?daysAhead=7")).json()).items as { what: string; plan: string; period: string }[],
    );
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.locator("#report-banner .banner").count()).toBe(due.length);
    for (const item of due) expect(await page.locator("#report-banner").innerText()).toContain(item.what);
    if (shotsDir) await page.screenshot({ path: `${shotsDir}/console-report-banner-desktop.png` });

    await page.goto(`/admin#/reports/nq02-2023-soc-trang/${lastMonth}`);
    await page.getByRole("heading", { level: 1, name: "Báo cáo" }).waitFor();
    expect(await page.getByLabel("Kế hoạch").inputValue()).toBe("nq02-2023-soc-trang");
    expect(await page.getByLabel("Kỳ báo cáo").inputValue()).toBe(lastMonth);
    await page.locator("tr", { hasText: "Số người đăng ký" }).waitFor();
    await page.context().close();
  });

  for (const viewport of ["phone", "desktop"] as const) {
    it(`lets an officer link a Telegram chat for reminders from their own name, and unlink it (${viewport})`, async () => {
      const page = await login(viewport, "can.bo.hue");
      await page.getByRole("link", { name: /Trần Văn Bình/ }).click();
      await page.getByRole("heading", { level: 1, name: "Tài khoản của tôi" }).waitFor();
      await page.getByText("Chưa liên kết cuộc trò chuyện nào.").waitFor();
      await page.getByRole("button", { name: "Lấy mã liên kết" }).click();
      const command = await page.locator(".link-code code").innerText();
      expect(command).toMatch(/^\/lienket [A-Z2-9]{4}-[A-Z2-9]{4}$/);
      // What the bot does when the officer sends the line from Telegram.
      const userId = `77${viewport.length}`;
      expect(await app.staff.chatLinks.redeem(command.slice("/lienket ".length), { channel: "telegram", userId })).toMatchObject({ linked: true });
      await page.getByRole("button", { name: "Tải lại danh sách" }).click();
      await page.getByRole("cell", { name: "Telegram" }).waitFor();
      if (shotsDir) await page.screenshot({ path: `${shotsDir}/console-me-${viewport}.png`, fullPage: true });
      expect(foreignParts(await page.locator("body").innerText())).toEqual([]);
      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByRole("button", { name: "Bỏ liên kết" }).click();
      await page.getByText("Chưa liên kết cuộc trò chuyện nào.").waitFor();
      expect(await app.staff.chatLinks.linkedChats()).toEqual([]);
      await page.context().close();
    });
  }
});
