import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { loginAs, staffPassword } from "../helpers/staff.js";
import { registrationInput } from "../registrations/fixtures.js";
import { browserMissing, consolePage, launchBrowser, viewports } from "./browser.js";
import { foreignParts } from "./plain-vietnamese.js";

const shotsDir = process.env.SHOTS_DIR;
/** A day `days` ago in Vietnam, as YYYY-MM-DD (outcomes may not be in the future). */
const daysAgo = (days: number) => new Date(Date.now() + 7 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
const ddmmyyyy = (day: string) => day.split("-").reverse().join("/");
const companyName = "Công ty Cổ phần Nhân lực Quốc tế Sông Hậu";

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let registration: { id: string; referenceCode: string };
let other: { id: string; referenceCode: string };

beforeAll(async () => {
  if (browserMissing) return;
  app = await startTestApp();
  const admin = await loginAs(app, { username: "admin" });
  await app.staff.accounts.create({ username: "can.bo.cantho", displayName: "Lê Thị Hoa", password: staffPassword, role: "province", provinceCode: "can-tho" });
  expect((await admin.request("POST", "/api/admin/companies", { name: companyName, status: "licensed", listDate: "2026-01-15" })).status).toBe(201);
  const submit = async (index: number, communeName: string) => {
    const result = await app.registrations.service.submit(
      registrationInput({ communeName, communeKey: communeName.slice(4).toLowerCase(), phone: `+8491200040${index}` }),
      { channel: "web", userId: `outcomes-page-${index}` },
    );
    if (result.kind !== "created") throw new Error("registration not created");
    const { id } = await app.database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: result.referenceCode } });
    return { id, referenceCode: result.referenceCode };
  };
  registration = await submit(1, "Xã Long Phú");
  other = await submit(2, "Xã Kế Sách");
  // Kế Sách's officer reached the person 40 days ago and has recorded nothing since.
  await app.database.prisma.$transaction([
    app.database.prisma.registration.update({ where: { id: other.id }, data: { status: "contacted" } }),
    app.database.prisma.registrationEvent.create({
      data: {
        registrationId: other.id,
        actor: "staff:can.bo.cantho",
        fromStatus: "submitted",
        toStatus: "contacted",
        createdAt: new Date(Date.now() - 40 * 86_400_000),
      },
    }),
  ]);
  // A target for this year, as staff would enter it when the plan is renewed: its monthly progress is shown.
  const year = String(new Date().getFullYear());
  await app.database.prisma.planTarget.create({
    data: { plan: "nq02-2023-soc-trang", provinceCode: "can-tho", period: year, metric: "people", minimum: 500n, source: "kiểm thử", updatedBy: "staff:admin" },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

function login(viewport: keyof typeof viewports, username: string): Promise<Page> {
  return consolePage(browser, app, username, { viewport: viewports[viewport], locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
}

/** Nothing on the page a Vietnamese officer should not have to read; a screenshot when asked. */
async function plainVietnamese(page: Page, name: string) {
  if (shotsDir) {
    fs.mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
    // A phone's full page is too long to read at once: the new parts on their own as well.
    for (const part of ["section.outcomes", ".import-report", "section.plan-progress"]) {
      const element = page.locator(part);
      if (await element.count()) await element.screenshot({ path: `${shotsDir}/${name}-${part.replace(/\W/g, "")}.png` });
    }
  }
  expect(foreignParts(await page.locator("body").innerText())).toEqual([]);
}

const outcomes = (id: string) => app.database.prisma.registrationOutcome.findMany({ where: { registrationId: id }, orderBy: { id: "asc" } });
const csvFile = (...lines: string[]) => ({
  name: "ket-qua-nhcsxh.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(`\uFEFF${["STT;Mã đăng ký;Họ và tên;Kết quả;Ngày;Số tiền;Chương trình vay;Nguồn vốn", ...lines].join("\r\n")}\r\n`),
});

describe.skipIf(browserMissing)("outcomes, their import and the plan's figures in the console", () => {
  it("records an outcome, shows a refusal under its field, imports a CSV after a dry run, retracts one and downloads a report", async () => {
    const page = await login("desktop", "can.bo.cantho");

    // 1. The registration page: record a loan application.
    await page.goto(`/admin#/registrations/${registration.id}`);
    await page.getByRole("heading", { level: 2, name: "Kết quả sau đăng ký" }).waitFor();
    await page.getByText("Chưa ghi kết quả nào.").waitFor();
    const form = page.locator("#outcome-form");
    await form.getByLabel("Kết quả", { exact: true }).selectOption({ label: "Nộp hồ sơ vay" });
    await form.getByLabel("Ngày xảy ra").fill(daysAgo(20));
    await form.getByLabel("Số tiền (đồng)").fill("100.000.000");
    await form.getByLabel("Chương trình vay").selectOption({ label: "Vay từ ngân sách địa phương" });
    await form.getByRole("button", { name: "Ghi kết quả" }).click();
    const history = page.locator("section.outcomes table");
    await expect.poll(() => history.innerText()).toContain("nộp hồ sơ vay 100.000.000");
    expect(await outcomes(registration.id)).toMatchObject([{ kind: "loan_applied", amountVnd: 100_000_000n, loanProgramme: "local" }]);
    // The status moved on, in words.
    await expect.poll(() => page.locator("h1 .badge").innerText()).not.toBe("");

    // An approval above the application is refused: the server's sentence under the amount.
    await form.getByLabel("Kết quả", { exact: true }).selectOption({ label: "Được duyệt vay" });
    await form.getByLabel("Ngày xảy ra").fill(daysAgo(15));
    await form.getByLabel("Số tiền (đồng)").fill("150.000.000");
    await form.getByRole("button", { name: "Ghi kết quả" }).click();
    await expect.poll(() => page.locator("#problem-amountVnd").innerText()).toContain("Số tiền duyệt lớn hơn số tiền đề nghị vay");
    expect(await outcomes(registration.id)).toHaveLength(1);
    // A required field left empty is named before anything is sent.
    await form.getByLabel("Kết quả", { exact: true }).selectOption({ label: "Xuất cảnh" });
    await form.getByRole("button", { name: "Ghi kết quả" }).click();
    await expect.poll(() => page.locator("#problem-country").innerText()).toBe("Vui lòng điền mục này.");
    await plainVietnamese(page, "outcomes-refused-desktop");

    // 2. The import: a file with a problem is checked and nothing can be written…
    await page.goto("/admin#/registrations");
    await page.getByRole("link", { name: "Nhập kết quả từ tệp CSV" }).click();
    await page.getByRole("heading", { level: 1, name: "Nhập kết quả từ tệp CSV" }).waitFor();
    expect(await page.locator('nav [aria-current="page"]').innerText()).toBe("Đăng ký");
    await page
      .getByLabel("Tệp CSV", { exact: true })
      .setInputFiles(csvFile(`1;DK-ZZZZZZ;Nguyễn Văn An;duyệt vay;${ddmmyyyy(daysAgo(14))};100.000.000;ngân sách địa phương;`));
    await expect.poll(() => page.locator(".file-name").innerText()).toBe("ket-qua-nhcsxh.csv");
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    const report = page.locator(".import-report");
    await expect.poll(() => report.innerText()).toContain("Có vấn đề");
    expect(await report.getByRole("button").count()).toBe(0);
    await plainVietnamese(page, "outcome-import-errors-desktop");

    // …a good one is checked line by line, then written when confirmed.
    await page
      .getByLabel("Tệp CSV", { exact: true })
      .setInputFiles(
        csvFile(
          `1;${registration.referenceCode};Nguyễn Văn An;duyệt vay;${ddmmyyyy(daysAgo(14))};100.000.000;ngân sách địa phương;`,
          `2;${registration.referenceCode};Nguyễn Văn An;giải ngân;${ddmmyyyy(daysAgo(10))};100.000.000;ngân sách địa phương;địa phương`,
        ),
      );
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await expect.poll(() => report.locator("tbody tr").count()).toBe(2);
    expect(await report.locator("tbody").innerText()).toContain("Sẽ ghi");
    expect(await outcomes(registration.id)).toHaveLength(1);
    await plainVietnamese(page, "outcome-import-checked-desktop");
    await report.getByRole("button", { name: "Ghi vào hệ thống (2 kết quả)" }).click();
    await expect.poll(() => report.innerText()).toContain("Đã ghi 2 kết quả vào hệ thống");
    expect((await outcomes(registration.id)).map((row) => row.kind)).toEqual(["loan_applied", "loan_approved", "loan_disbursed"]);

    // 3. Back on the registration: the application cannot be cancelled under its disbursement, the disbursement can.
    await page.goto(`/admin#/registrations/${registration.id}`);
    await expect.poll(() => history.locator("tbody tr").count()).toBe(3);
    const applicationRow = history.locator("tr", { hasText: "Kết quả: nộp hồ sơ vay" });
    await applicationRow.getByRole("button", { name: "Hủy kết quả này" }).click();
    await applicationRow.getByRole("button", { name: "Xác nhận hủy" }).click();
    await expect.poll(() => applicationRow.getByRole("alert").innerText()).not.toBe("");
    const disbursementRow = history.locator("tr", { hasText: "Kết quả: giải ngân" });
    await disbursementRow.getByRole("button", { name: "Hủy kết quả này" }).click();
    await disbursementRow.getByLabel("Lý do hủy (không bắt buộc)").fill("ghi nhầm ngày");
    await disbursementRow.getByRole("button", { name: "Xác nhận hủy" }).click();
    await expect.poll(() => history.locator("tbody tr").count()).toBe(4);
    expect(await history.innerText()).toContain("đã hủy");
    expect((await outcomes(registration.id)).at(-1)).toMatchObject({ kind: "retracted" });

    // A departure with the company picked from the licensed list.
    await form.getByLabel("Kết quả", { exact: true }).selectOption({ label: "Xuất cảnh" });
    await form.getByLabel("Ngày xảy ra").fill(daysAgo(3));
    await form.getByLabel("Nước đến").selectOption({ label: "Nhật Bản" });
    await form.getByLabel("Chương trình đi làm việc").selectOption({ label: "Thực tập sinh kỹ năng" });
    expect(await page.locator("#licensed-companies option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual([
      companyName,
    ]);
    await form.getByLabel("Doanh nghiệp đưa đi").fill(companyName);
    await form.getByRole("button", { name: "Ghi kết quả" }).click();
    await expect.poll(() => history.innerText()).toContain("xuất cảnh đi Nhật Bản");
    expect((await outcomes(registration.id)).at(-1)).toMatchObject({ kind: "departed", country: "japan", companyName });
    await plainVietnamese(page, "outcomes-registration-desktop");

    // 4. The dashboard's plan figures, then the report download.
    await page.getByRole("link", { name: "Tổng quan" }).click();
    const plan = page.locator("section.plan-progress");
    await plan.getByText("Từ đăng ký đến xuất cảnh").waitFor();
    // Kế Sách has a registration waiting and nothing recorded this month; Long Phú recorded.
    const waiting = await plan.locator("table").first().innerText();
    expect(waiting).toContain("Xã Kế Sách");
    expect(waiting).not.toContain("Xã Long Phú");
    // This year's target of 500 people: one departure so far, month by month.
    const target = plan.locator(".target-months");
    expect(await target.innerText()).toContain("Chỉ tiêu: 500");
    expect(await target.locator("tbody tr").last().innerText()).toMatch(/1\s+0,2%$/);
    await plainVietnamese(page, "dashboard-plan-desktop");

    await page.getByRole("navigation").getByRole("link", { name: "Báo cáo", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Báo cáo" }).waitFor();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Tải bảng số liệu (Excel)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      fs
        .readFileSync((await file.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    await page.context().close();
  });

  it("shows the same pages in plain Vietnamese on a phone", async () => {
    const page = await login("phone", "can.bo.cantho");
    await page.goto("/admin#/registrations");
    await page.getByRole("link", { name: "Nhập kết quả từ tệp CSV" }).waitFor();
    await plainVietnamese(page, "registrations-list-phone");
    await page.goto(`/admin#/registrations/${other.id}`);
    await page.getByText("Chưa ghi kết quả nào.").waitFor();
    await plainVietnamese(page, "outcomes-registration-phone");
    await page.goto(`/admin#/registrations/${registration.id}`);
    await page.locator("section.outcomes tbody tr").first().waitFor();
    await plainVietnamese(page, "outcomes-history-phone");
    await page.goto("/admin#/outcome-import");
    await page.getByLabel("Tệp CSV", { exact: true }).setInputFiles(csvFile(`1;${other.referenceCode};;nộp hồ sơ vay;${ddmmyyyy(daysAgo(2))};500.000;NĐ 338;`));
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await expect.poll(() => page.locator(".import-report").innerText()).toContain("Số tiền phải từ");
    await plainVietnamese(page, "outcome-import-phone");
    await page.goto("/admin#/dashboard");
    await page.locator("section.plan-progress").getByText("Từ đăng ký đến xuất cảnh").waitFor();
    await plainVietnamese(page, "dashboard-plan-phone");
    await page.context().close();
  });
});
