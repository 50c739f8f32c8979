import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { subscribe } from "../announcements/support.js";
import { registrationInput } from "../registrations/fixtures.js";
import { staffPassword } from "../helpers/staff.js";
import { browserMissing, consolePage, launchBrowser, viewports } from "./browser.js";
import { foreignParts } from "./plain-vietnamese.js";

/** Screenshots a person looks at, when SHOTS_DIR is set. */
const shotsDir = process.env.SHOTS_DIR;

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let registrationId: string;

beforeAll(async () => {
  if (browserMissing) return;
  app = await startTestApp();
  await app.staff.accounts.create({ username: "admin", displayName: "Nguyễn Thị Lan", password: staffPassword, role: "admin" });
  await app.staff.accounts.create({ username: "can.bo.hue", displayName: "Trần Văn Bình", password: staffPassword, role: "province", provinceCode: "hue" });
  const people = [
    { fullName: "Nguyễn Văn An", phone: "+84912000201", provinceCode: "hue", communeName: "Phường Hương Trà", communeKey: "huong tra" },
    {
      fullName: "Phạm Thị Hoa",
      phone: "+84912000202",
      provinceCode: "hue",
      communeName: "Phường Hương Trà",
      communeKey: "huong tra",
      gender: "female" as const,
      citizenId: "079195000202",
      desiredCountry: "korea",
      programme: "eps" as const,
    },
  ];
  for (const [index, person] of people.entries()) {
    const result = await app.registrations.service.submit(registrationInput(person), { channel: "web", userId: `plain-${index}` });
    if (result.kind !== "created") throw new Error("registration not created");
    registrationId = (await app.database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: result.referenceCode } })).id;
    await app.registrations.service.changeStatus(result.referenceCode, "contacted", { actor: "staff:can.bo.hue", note: "Đã gọi điện" });
  }
  await subscribe(app.database.prisma, [{ channel: "web", userId: "plain-web-subscriber", topic: "japan", locality: "hue" }]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

function login(viewport: keyof typeof viewports, username = "admin"): Promise<Page> {
  return consolePage(browser, app, username, { viewport: viewports[viewport] });
}

/** What the page shows, checked; a screenshot is kept for a person to look at. */
async function check(page: Page, name: string, viewport: string) {
  await page.waitForLoadState("networkidle");
  if (shotsDir) {
    fs.mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: `${shotsDir}/console-${name}-${viewport}.png`, fullPage: true });
  }
  expect(foreignParts(await page.locator("body").innerText()), `${name} (${viewport})`).toEqual([]);
}

describe("the check for foreign words itself", () => {
  it("finds the English and the codes the console used to show, and passes plain Vietnamese", () => {
    expect(foreignParts("registrations that reached the status departed during the period")).not.toEqual([]);
    expect(foreignParts("Dữ liệu chưa hợp lệ: Nội dung: must not be empty")).not.toEqual([]);
    expect(foreignParts("Nhật Bản: 3\ntechnical_intern: 2")).not.toEqual([]);
    expect(foreignParts("citizen:web")).not.toEqual([]);
    expect(foreignParts("japan")).not.toEqual([]);
    expect(foreignParts("pageSize: 50")).not.toEqual([]);
    // Outcomes' codes and the dashboard's steps.
    expect(foreignParts("Giải ngân 100.000.000 đ (local)")).not.toEqual([]);
    expect(foreignParts("Về nước: early – employer_ended")).not.toEqual([]);
    expect(foreignParts("loan_disbursed: 2")).not.toEqual([]);
    expect(foreignParts("Vốn trung ương · Vay từ ngân sách địa phương · Về nước trước hạn")).toEqual([]);
    expect(foreignParts("Thực tập sinh kỹ năng · Nhật Bản · Trang web · EPS (cấp phép việc làm) · 10 người đăng ký")).toEqual([]);
  });
});

describe.skipIf(browserMissing)("every console page in plain Vietnamese", () => {
  for (const viewport of ["phone", "desktop"] as const) {
    it(`shows no internal code nor English on any page (${viewport})`, async () => {
      const page = await login(viewport);
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const pages = ["dashboard", "registrations", `registrations/${registrationId}`, "inbox", "knowledge", "announcements", "companies", "accounts", "audit"];
      for (const path of pages) {
        await page.goto(`/admin#/${path}`);
        await page.locator("#content h1").first().waitFor();
        await check(page, path.replace(/\/.*/, "-detail"), viewport);
      }

      // The dashboard's charts speak Vietnamese too: their labels are not on the page as text.
      await page.goto("/admin#/dashboard");
      await page.locator("#content h1").waitFor();
      await page.waitForFunction(() => Boolean((window as any).Chart?.getChart("byCountry")));
      const chartLabels = await page.evaluate(() =>
        ["byMonth", "byStatus", "byCountry", "byProgramme"].flatMap((id) => ((window as any).Chart.getChart(id)?.data.labels ?? []) as string[]),
      );
      expect(chartLabels).toEqual(expect.arrayContaining(["Nhật Bản", "Hàn Quốc", "Thực tập sinh kỹ năng"]));
      expect(foreignParts(chartLabels.join("\n"))).toEqual([]);

      // An announcement: the web subscriber it cannot reach is counted; the test send without
      // test recipients, a refused field and the confirmation are all in Vietnamese.
      await page.goto("/admin#/announcements");
      await page.getByLabel("Nội dung").fill("Hội chợ việc làm Nhật Bản tại Huế");
      await page.getByRole("checkbox", { name: "Nhật Bản" }).check();
      await page.getByRole("button", { name: "Xem trước số người nhận" }).click();
      await page.locator("#unreachable").waitFor();
      expect(await page.locator("#unreachable").innerText()).toContain("1 người theo dõi qua trang web sẽ không nhận được");
      await page.getByRole("button", { name: "Gửi thử cho cán bộ" }).click();
      await expect.poll(() => page.locator("#toast").innerText()).toContain("Chưa có cán bộ nhận tin thử");
      await check(page, "announcements-test", viewport);
      await page.getByLabel("Đường dẫn (không bắt buộc)").fill("javascript:alert(1)");
      await page.getByRole("button", { name: "Xem trước số người nhận" }).click();
      await expect.poll(() => page.locator("#toast").innerText()).toContain("Dữ liệu chưa hợp lệ: Đường dẫn");
      await check(page, "announcements-invalid", viewport);
      await page.getByLabel("Đường dẫn (không bắt buộc)").fill("");
      await page.getByRole("button", { name: "Gửi / lên lịch" }).click();
      await expect.poll(() => dialogs.length).toBe(1);
      expect(dialogs[0]).toContain("1 người theo dõi qua trang web sẽ không nhận được");
      expect(foreignParts(dialogs.join("\n"))).toEqual([]);

      // A CSV with mistakes: each line's reason in Vietnamese, and a file refused as a whole too.
      await page.goto("/admin#/companies");
      const csv = "tên;trạng thái;ngày danh sách\nCông ty TNHH Sao Mai;tạm dừng;01/10/2026\nCông ty TNHH;được cấp phép;31/02/2026\n";
      await page.getByLabel("Tệp CSV").setInputFiles({ name: "loi.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.getByRole("button", { name: "Kiểm tra trước" }).click();
      await page.getByText("Trạng thái «tạm dừng» không hiểu").waitFor();
      await check(page, "companies-errors", viewport);
      await page.getByLabel("Tệp CSV").setInputFiles({ name: "sai.csv", mimeType: "text/csv", buffer: Buffer.from("tên;fax\nA;1\n") });
      await page.getByRole("button", { name: "Kiểm tra trước" }).click();
      await expect.poll(() => page.locator("#toast").innerText()).toContain("«fax»");
      await check(page, "companies-refused", viewport);
      await page.context().close();
    });
  }

  it("reads the history and the audit log as sentences, not actors, UUIDs and JSON", async () => {
    const page = await login("desktop");
    await page.goto(`/admin#/registrations/${registrationId}`);
    const history = page.locator("table").last();
    await history.getByText("Người dân (qua Trang web)").waitFor();
    expect(await history.innerText()).toContain("Người dân gửi đăng ký");
    expect(await history.innerText()).toContain("Cán bộ can.bo.hue");
    expect(await page.locator(".facts").innerText()).toContain("EPS (cấp phép việc làm)");
    await page.goto("/admin#/audit");
    const row = page.locator("tr", { hasText: "Xem chi tiết đăng ký" }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain("Đăng ký · Mở");
    const listed = await page.locator("tr", { hasText: "Xem/tìm danh sách đăng ký" }).first().innerText();
    expect(listed).toContain("Số kết quả: 2");
    expect(foreignParts(listed)).toEqual([]);
    await page.context().close();
  });

  it("gives a province officer the monthly list of their province, and makes an administrator choose", async () => {
    const officer = await login("phone", "can.bo.hue");
    await officer.goto("/admin#/registrations");
    const xlsx = officer.getByRole("link", { name: "Tải tệp Excel (XLSX)" });
    expect(await xlsx.getAttribute("href")).toContain("province=hue");
    await officer.getByText("Tháng của danh sách").waitFor();
    await check(officer, "registrations-officer", "phone");
    // On a phone the list is a pile of cards, each value named.
    const firstCell = officer.locator("tbody tr").first().locator("td").first();
    expect(await firstCell.evaluate((cell) => getComputedStyle(cell, "::before").content)).toBe('"Mã đăng ký"');
    expect(await officer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await officer.context().close();

    const admin = await login("desktop");
    await admin.goto("/admin#/registrations");
    await admin.getByText("Chọn tỉnh/thành phố để tải danh sách.").waitFor();
    expect(await admin.getByRole("link", { name: "Tải tệp Excel (XLSX)" }).count()).toBe(0);
    await admin.getByLabel("Tỉnh/thành phố").last().selectOption("hue");
    expect(await admin.getByRole("link", { name: "Tải tệp Excel (XLSX)" }).getAttribute("href")).toContain("province=hue");
    await admin.context().close();
  });
});
