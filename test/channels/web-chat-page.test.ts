import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { texts } from "../helpers/core.js";
import { browserMissing, launchBrowser } from "../console/browser.js";

/** Screenshots a person looks at; kept outside the repository when SHOTS_DIR is set. */
const shotsDir = process.env.SHOTS_DIR;
const t = (key: string, params?: Record<string, string>) => texts.t("vi", key, params);

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
beforeAll(async () => {
  if (browserMissing) return;
  app = await startTestApp({ PUBLIC_TELEGRAM_URL: "https://t.me/xkld_demo_bot", PUBLIC_ZALO_URL: "https://zalo.me/1234567890" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

async function chatPage(viewport: keyof typeof viewports): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseUrl, viewport: viewports[viewport] });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto("/");
  await page.getByText(t("welcome").split("\n")[0]!).waitFor();
  return page;
}

async function shot(page: Page, name: string) {
  if (!shotsDir) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: `${shotsDir}/${name}.png` });
}

const lastBot = (page: Page) => page.locator(".msg.bot").last();

describe.skipIf(browserMissing)("the web chat page in a browser", () => {
  for (const viewport of ["phone", "desktop"] as const) {
    it(`keeps the transcript over a reload and asks the open form's step again (${viewport})`, async () => {
      const page = await chatPage(viewport);
      await page.getByRole("button", { name: t("loan.menu") }).click();
      await page.getByRole("button", { name: t("loan.applicant.contract-worker") }).click();
      await expect.poll(() => lastBot(page).textContent()).toContain(t("loan.ask.destination"));
      await page.reload();
      // What was said before the reload is still there, the step is asked again, and an answer goes to the form.
      await page.locator(".divider", { hasText: t("web.resumed") }).waitFor();
      expect(await page.locator(".msg.user").allTextContents()).toEqual([t("loan.menu"), t("loan.applicant.contract-worker")]);
      await expect.poll(() => lastBot(page).textContent()).toContain(t("loan.ask.destination"));
      // The choices are shown once, under the question asked again.
      expect(await page.getByRole("button", { name: t("loan.destination.japan") }).count()).toBe(1);
      await shot(page, `chat-reload-${viewport}`);
      await page
        .getByRole("button", { name: t("loan.destination.japan") })
        .last()
        .click();
      await expect.poll(() => lastBot(page).textContent()).toContain(t("loan.ask.cost").slice(0, 40));
      await page.context().close();
    });
  }

  it("leaves a form with the menu button, offers to resume it, and resumes at the same step", async () => {
    const page = await chatPage("phone");
    await page.getByRole("button", { name: t("loan.menu") }).click();
    await page.getByRole("button", { name: t("loan.applicant.contract-worker") }).click();
    await page.locator("#input").fill("/menu");
    await page.locator("#input").press("Enter");
    await expect.poll(() => lastBot(page).textContent()).toBe(t("menu.paused"));
    const resume = page.getByRole("button", { name: t("menu.resume", { name: "Tính thử khoản vay" }) });
    await shot(page, "chat-paused-phone");
    // A question typed now is answered as a question, not taken as the form's answer.
    await page.locator("#input").fill("Nhật Bản");
    await page.locator("#input").press("Enter");
    await expect.poll(() => lastBot(page).textContent()).not.toContain(t("loan.ask.cost").slice(0, 40));
    await resume.last().click();
    await expect.poll(() => lastBot(page).textContent()).toContain(t("loan.ask.destination"));
    await page.context().close();
  });

  it("shows the menu's buttons once after a reload when no form is open", async () => {
    const page = await chatPage("phone");
    await page.reload();
    await page.getByText(t("welcome").split("\n")[0]!).waitFor();
    await expect.poll(() => page.getByRole("button", { name: t("loan.menu") }).count()).toBe(1);
    expect(await page.locator(".divider").count()).toBe(0);
    await page.context().close();
  });

  for (const viewport of ["phone", "desktop"] as const) {
    it(`says plainly that announcements come by Telegram or Zalo, with links that open them (${viewport})`, async () => {
      const page = await chatPage(viewport);
      await page.getByRole("button", { name: t("ann.menu") }).click();
      const telegram = lastBot(page).getByRole("link", { name: "https://t.me/xkld_demo_bot" });
      await telegram.waitFor();
      expect(await telegram.getAttribute("href")).toBe("https://t.me/xkld_demo_bot");
      expect(await lastBot(page).getByRole("link", { name: "https://zalo.me/1234567890" }).count()).toBe(1);
      await shot(page, `chat-subscribe-${viewport}`);
      await page.context().close();
    });
  }

  for (const viewport of ["phone", "desktop"] as const) {
    it(`shows a long answer from its top, its source readable, and follow-ups, 👍/👎 and the menu apart (${viewport})`, async () => {
      const page = await chatPage(viewport);
      await page.locator("#input").fill("Điều kiện vay vốn đi làm việc ở nước ngoài là gì?");
      await page.locator("#input").press("Enter");
      const answer = page.locator(".msg.bot", { has: page.locator(".sources") }).first();
      await answer.waitFor();
      // The answer's first line is on screen, below the header, not scrolled away above it.
      const [log, bubble] = [await page.locator("#log").boundingBox(), await answer.boundingBox()];
      expect(bubble!.y).toBeGreaterThanOrEqual(log!.y);
      expect(bubble!.y).toBeLessThan(log!.y + log!.height);
      const sources = answer.locator(".sources");
      expect(parseFloat(await sources.evaluate((element) => getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(14);
      expect(await sources.evaluate((element) => getComputedStyle(element).fontStyle)).toBe("normal");
      const groups = page.locator(".buttons").last().locator(".group");
      expect(await groups.evaluateAll((elements) => elements.map((element) => element.className))).toEqual(["group choices", "group feedback", "group nav"]);
      await shot(page, `chat-answer-${viewport}`);
      await page.context().close();
    });
  }

  it("serves a favicon, so no page load ends in a 404", async () => {
    const response = await fetch(`${app.baseUrl}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/x-icon");
    // An ICO file starts with reserved 0, type 1 (icon).
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});
