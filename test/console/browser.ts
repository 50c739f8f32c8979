import fs from "node:fs";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import type { Application } from "../../src/app/index.js";
import { staffPassword } from "../helpers/staff.js";

/** Debian's Chromium, which `.ci/run` installs; CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Without Chromium the browser suites cannot run. In CI that is a failure (`.ci/run` installs
 * it); on a developer's machine they are skipped with this reason.
 */
export const browserMissing = fs.existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`;
if (browserMissing && process.env.CI) throw new Error(browserMissing);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The machine has no internet: without these Chromium keeps trying to reach Google.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The sizes the console is looked at: a phone and a desktop. */
export const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

/**
 * A new browser context (its own cookies) logged in to the console as an existing account;
 * `options` sets the viewport, locale or time zone of the context.
 */
export async function consolePage(
  browser: Browser,
  app: Application & { baseUrl: string },
  username: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseUrl, acceptDownloads: true, ...options });
  // Fail within the test's own timeout, with the step that failed named.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto("/admin");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(staffPassword);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("navigation").waitFor();
  return page;
}
