import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { startTestApp } from "../helpers/app.js";
import { waitFor } from "../helpers/processes.js";
import { staffPassword } from "../helpers/staff.js";
import { subscribe } from "../announcements/support.js";
import { browserMissing, consolePage, launchBrowser } from "./browser.js";

const token = "123456789:AAEhBP0av28-abcdefghijklmnopqrstu12";
let telegram: FakeTelegram;
let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;

beforeAll(async () => {
  if (browserMissing) return;
  telegram = await new FakeTelegram({ token }).start();
  app = await startTestApp({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: telegram.url });
  await app.staff.accounts.create({ username: "admin", displayName: "Nguyễn Thị Lan", password: staffPassword, role: "admin" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await telegram?.stop();
});

/** Errors the page threw or logged: a console that works logs none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Refused requests (a 401 before login) are logged by the browser itself, not by our code.
  page.on("console", (message) => message.type() === "error" && !message.text().startsWith("Failed to load resource") && errors.push(message.text()));
  return errors;
}

describe.skipIf(browserMissing)("the staff console in a browser", () => {
  it("refuses a wrong password, then logs in and shows the menu for an administrator", async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/admin");
    await page.getByLabel("Tên đăng nhập").fill("admin");
    await page.getByLabel("Mật khẩu").fill("not-the-password");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Sai tên đăng nhập hoặc mật khẩu");
    await page.getByLabel("Mật khẩu").fill(staffPassword);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    const menu = page.getByRole("navigation");
    await menu.waitFor();
    expect(await menu.getByRole("link").allTextContents()).toEqual(expect.arrayContaining(["Tổng quan", "Đăng ký", "Tài khoản", "Nhật ký truy cập"]));
    expect(await page.locator(".who").textContent()).toContain("Nguyễn Thị Lan");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("goes back to the login when the session has ended", async () => {
    const page = await consolePage(browser, app, "admin");
    await app.database.prisma.staffSession.deleteMany({});
    await page.getByRole("link", { name: "Tài khoản" }).click();
    await page.getByRole("button", { name: "Đăng nhập" }).waitFor();
    expect(await page.locator("#toast").textContent()).toContain("Phiên làm việc đã hết hạn");
    await page.context().close();
  });

  it("creates a commune officer's account, who then sees only the pages of that role", async () => {
    const page = await consolePage(browser, app, "admin");
    await page.getByRole("link", { name: "Tài khoản" }).click();
    const form = page.locator("form", { hasText: "Tạo tài khoản mới" });
    await form.getByLabel("Tên đăng nhập").fill("can.bo.xa");
    await form.getByLabel("Họ và tên").fill("Trần Văn Bình");
    await form.getByLabel("Mật khẩu").fill(staffPassword);
    await form.getByLabel("Vai trò").selectOption("commune");
    await form.getByLabel("Tỉnh/thành phố").selectOption("hue");
    await form.getByLabel("Xã/phường").fill("Hương Trà");
    await form.getByRole("button", { name: "Tạo tài khoản" }).click();
    await page.getByRole("cell", { name: "can.bo.xa" }).waitFor();
    await page.context().close();

    const officer = await consolePage(browser, app, "can.bo.xa");
    const links = await officer.getByRole("navigation").getByRole("link").allTextContents();
    expect(links).not.toContain("Tài khoản");
    expect(links).not.toContain("Thông báo");
    expect(await officer.locator(".who").textContent()).toContain("Hương Trà");
    await officer.context().close();
  });

  it("composes an announcement, previews its recipients and sends it to the fake Telegram; markup in it stays text", async () => {
    await subscribe(app.database.prisma, [
      { userId: "7001", topic: "japan", locality: "hue" },
      { userId: "7002", topic: "korea", locality: "hue" },
    ]);
    const page = await consolePage(browser, app, "admin");
    const errors = watchErrors(page);
    await page.getByRole("link", { name: "Thông báo" }).click();
    const text = 'Hội chợ việc làm Nhật Bản <img src=x onerror="window.hacked=1"> ngày 5/12';
    await page.getByLabel("Nội dung").fill(text);
    await page.getByRole("checkbox", { name: "Nhật Bản" }).check();
    await page.getByRole("button", { name: "Xem trước số người nhận" }).click();
    await expect.poll(() => page.locator(".preview").textContent()).toContain("Số người nhận: 1");
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Gửi / lên lịch" }).click();
    await expect.poll(() => page.locator("#announcement-status").textContent(), { timeout: 15_000 }).toBe("Đã gửi xong");
    await waitFor(() => telegram.sentTo(7001).length === 1);
    expect(telegram.sentTo(7001)[0]!.text).toContain("Hội chợ việc làm Nhật Bản");
    expect(telegram.sentTo(7002)).toEqual([]);
    expect(await page.locator("pre.message").textContent()).toContain("<img src=x");
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
