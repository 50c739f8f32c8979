import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../fakes/fake-telegram.js";
import { startTestApp } from "../helpers/app.js";
import { waitFor } from "../helpers/processes.js";
import { staffPassword } from "../helpers/staff.js";
import { subscribe } from "../announcements/support.js";
import { browserMissing, consolePage, launchBrowser } from "./browser.js";
import { registrationInput } from "../registrations/fixtures.js";

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

describe.skipIf(browserMissing)("the staff inbox, from the citizen's web chat to the console and back", () => {
  it("hands a question to staff, keeps the bot silent, and shows the staff reply in the citizen's page; markup stays text", async () => {
    const citizen = await (await browser.newContext({ baseURL: app.baseUrl })).newPage();
    citizen.setDefaultTimeout(10_000);
    await citizen.goto("/");
    const input = citizen.locator("#input");
    await input.fill("<b>Cho em hỏi</b> thủ tục nhận con nuôi ở nước ngoài");
    await input.press("Enter");
    await citizen.getByRole("button", { name: "🙋 Hỏi cán bộ" }).last().click();
    await citizen.getByRole("button", { name: "✅ Đồng ý, chuyển cho cán bộ" }).click();
    await citizen.getByText("Đã gửi câu hỏi của bạn cho cán bộ").waitFor();
    const botMessages = () => citizen.locator(".msg.bot").count();
    const before = await botMessages();
    await input.fill('Em ở xã Hương Trà <img src=x onerror="window.hacked=1">');
    await input.press("Enter");
    await citizen.locator(".msg.user").last().waitFor();
    // The one acknowledgement of the first message after opening… then silence.
    await input.fill("Em cảm ơn");
    await input.press("Enter");
    await expect.poll(() => citizen.locator(".msg.user").count()).toBeGreaterThanOrEqual(3);
    const afterTwo = await botMessages();
    expect(afterTwo - before).toBeLessThanOrEqual(1);

    const staff = await consolePage(browser, app, "admin");
    const errors = watchErrors(staff);
    await staff.getByRole("link", { name: "Hộp thư hỏi cán bộ" }).click();
    await staff.getByRole("cell", { name: /Em cảm ơn/ }).click();
    const chat = staff.locator(".chat");
    await chat.getByText("Cho em hỏi").first().waitFor();
    expect(await chat.textContent()).toContain('<img src=x onerror="window.hacked=1">');
    await staff.getByLabel("Trả lời").fill("Chào em, thủ tục con nuôi không thuộc chương trình này; em liên hệ Sở Tư pháp nhé.");
    await staff.getByRole("button", { name: "Gửi trả lời" }).click();
    await staff.locator(".bubble.staff").waitFor();

    await citizen.getByText("Sở Tư pháp").waitFor({ timeout: 15_000 });
    expect(await citizen.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await staff.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();

    await staff.getByRole("button", { name: "Kết thúc trao đổi" }).click();
    await staff.getByText("Đã đóng").first().waitFor();
    await citizen.getByText("Cán bộ đã kết thúc cuộc trao đổi").waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await staff.context().close();
    await citizen.context().close();
  });
});

describe.skipIf(browserMissing)("the knowledge page", () => {
  it("groups what the bot could not answer, and sends a proposal to the administrators' review queue", async () => {
    for (const sessionId of ["kbtest-0001", "kbtest-0002"]) {
      await fetch(`${app.baseUrl}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sessionId, text: "thủ tục gia hạn thẻ ngoại kiều ở Đài Loan làm sao" }),
      });
    }
    const page = await consolePage(browser, app, "admin");
    const errors = watchErrors(page);
    await page.getByRole("link", { name: "Câu hỏi & nội dung" }).click();
    const row = page.getByRole("row", { name: /gia hạn thẻ ngoại kiều/ });
    await row.waitFor();
    expect(await row.getByRole("cell").first().textContent()).toBe("2");
    const entry = row.getByLabel("Mục kiến thức");
    const firstEntry = await entry.locator("option").nth(1).getAttribute("value");
    await entry.selectOption(firstEntry!);
    await row.getByRole("button", { name: "Đề xuất là cách hỏi khác" }).click();
    const pending = page.getByRole("row", { name: /gia hạn thẻ ngoại kiều.*admin/ });
    await pending.waitFor();
    await pending.getByRole("button", { name: "Từ chối" }).click();
    await page.getByText("Không có đề xuất nào chờ duyệt.").waitFor();
    expect(await app.database.prisma.phrasingProposal.findFirst({ where: { entryId: firstEntry! } })).toMatchObject({
      status: "rejected",
      proposedBy: "staff:admin",
    });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe.skipIf(browserMissing)("registrations and the dashboard", () => {
  let elsewhereId = "";
  beforeAll(async () => {
    if (browserMissing) return;
    const month = new Date().toISOString().slice(0, 7);
    const people = [
      { fullName: "Nguyễn Văn An", citizenId: "079095000101", phone: "+84912000101", communeName: "Xã Long Phú", communeKey: "long phu" },
      {
        fullName: "Phạm Thị Hoa",
        citizenId: "079195000102",
        phone: "+84912000102",
        gender: "female" as const,
        communeName: "Xã Long Phú",
        communeKey: "long phu",
      },
      { fullName: "Lê Văn Cường", citizenId: "079095000103", phone: "+84912000103", communeName: "Xã Mỹ Xuyên", communeKey: "my xuyen" },
    ];
    for (const [index, person] of people.entries()) {
      const result = await app.registrations.service.submit(registrationInput({ ...person }), { channel: "web", userId: `browser-${index}` });
      if (result.kind !== "created") throw new Error("registration not created");
      if (index === 2) elsewhereId = (await app.database.prisma.registration.findUniqueOrThrow({ where: { referenceCode: result.referenceCode } })).id;
    }
    await app.staff.accounts.create({
      username: "long.phu",
      displayName: "Cán bộ Long Phú",
      password: staffPassword,
      role: "commune",
      provinceCode: "can-tho",
      communeName: "Long Phú",
    });
    expect(month).toMatch(/^\d{4}-\d{2}$/);
  });

  it("filters and searches registrations, reveals an ID (audited) and downloads the monthly XLSX", async () => {
    const page = await consolePage(browser, app, "admin");
    const errors = watchErrors(page);
    await page.getByRole("link", { name: "Đăng ký" }).click();
    await page.getByRole("cell", { name: "Nguyễn Văn An" }).waitFor();
    expect(await page.getByRole("cell", { name: /\*+101$/ }).count()).toBe(1);
    expect(await page.content()).not.toContain("079095000101");
    await page.getByLabel("Tìm theo họ tên").fill("cuong");
    await page.getByRole("button", { name: "Lọc" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await page.getByLabel("Tìm theo họ tên").fill("0912 000 102");
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.getByRole("cell", { name: "Phạm Thị Hoa" }).click();
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Hiện đầy đủ CCCD và số điện thoại" }).click();
    await expect.poll(() => page.locator("#citizen-id").textContent()).toBe("079195000102");
    expect(await app.database.prisma.auditEvent.count({ where: { action: "registration.reveal", actor: "staff:admin" } })).toBe(1);

    await page.getByRole("link", { name: "Đăng ký" }).first().click();
    await page.getByLabel("Tỉnh/thành phố").last().selectOption("can-tho");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Tải tệp Excel (XLSX)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^danh-sach-dang-ky-\d{4}-\d{2}-can-tho\.xlsx$/);
    const bytes = await (await import("node:fs/promises")).readFile((await file.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("shows a commune officer only the registrations of that commune", async () => {
    const page = await consolePage(browser, app, "long.phu");
    await page.getByRole("link", { name: "Đăng ký" }).click();
    await page.getByRole("cell", { name: "Nguyễn Văn An" }).waitFor();
    expect(await page.getByRole("cell", { name: "Lê Văn Cường" }).count()).toBe(0);
    await page.goto(`/admin#/registrations/${elsewhereId}`);
    await page.getByText("Không tìm thấy").first().waitFor();
    expect(await page.content()).not.toContain("Lê Văn Cường");
    await page.context().close();
  });

  it("draws the dashboard's charts and the plans' targets", async () => {
    const page = await consolePage(browser, app, "admin");
    const errors = watchErrors(page);
    await page.getByRole("heading", { name: "Tiến độ so với chỉ tiêu kế hoạch" }).waitFor();
    await page.getByLabel("Kỳ").selectOption("2024");
    await page.getByText(/500/).first().waitFor();
    expect(await page.locator(".card h3").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Sóc Trăng/)]));
    // No registration in 2024: the charts of that year say so in words instead of empty axes.
    expect(await page.locator(".chart", { hasText: "Theo nước muốn đến" }).innerText()).toContain("Chưa có số liệu.");
    // A target corrected when the plan is amended, audited.
    const target = page.locator(".card", { hasText: "Sóc Trăng" }).locator(".target", { hasText: "Số người đi làm việc ở nước ngoài (2024)" });
    await target.getByRole("button", { name: "Sửa chỉ tiêu" }).click();
    await target.getByLabel(/Chỉ tiêu \(tối thiểu/).fill("550");
    await target.getByRole("button", { name: "Lưu" }).click();
    await page.locator(".card", { hasText: "Sóc Trăng" }).locator(".target", { hasText: "/ 550" }).waitFor();
    expect(await app.database.prisma.auditEvent.count({ where: { action: "plan.target.change" } })).toBe(1);
    await page.getByLabel("Kỳ").selectOption(String(new Date().getFullYear()));
    await page.waitForFunction(() => Boolean((window as any).Chart?.getChart("byCountry")));
    const drawn = await page.evaluate(() => ["byMonth", "byStatus", "byCountry", "byProgramme"].map((id) => Boolean((window as any).Chart.getChart(id))));
    expect(drawn).toEqual([true, true, true, true]);
    await page.getByRole("heading", { name: "Hạn báo cáo sắp tới" }).waitFor();
    expect(await page.locator("table").last().textContent()).toMatch(/Phụ lục IV|danh sách/i);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe.skipIf(browserMissing)("the licensed companies page", () => {
  it("imports a CSV after checking it, and the bot then answers from the list", async () => {
    const page = await consolePage(browser, app, "admin");
    const errors = watchErrors(page);
    await page.getByRole("link", { name: "Doanh nghiệp được cấp phép" }).click();
    const csv =
      "tên;số giấy phép;trạng thái;ngày danh sách\nCông ty TNHH Sao Mai Nhân Lực;123/LĐTBXH-GP;được cấp phép;01/10/2026\nCty CP Vượt Biển;99/GP;đã thu hồi;01/10/2026\n";
    await page.getByLabel("Tệp CSV").setInputFiles({ name: "danh-sach.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Kiểm tra trước" }).click();
    await page.getByText("Kiểm tra: 2 thêm mới, 0 cập nhật, 0 dòng lỗi").waitFor();
    await page.getByRole("button", { name: "Nhập", exact: true }).click();
    await page.getByText("Đã nhập: 2 thêm mới").waitFor();
    await page.getByRole("cell", { name: "Cty CP Vượt Biển" }).waitFor();
    const answer = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId: "company-check-1", text: "cty vuot bien co giay phep ko" }),
    });
    const { replies } = (await answer.json()) as { replies: { text: string }[] };
    expect(replies[0]!.text).toContain("01/10/2026");
    expect(replies[0]!.text).toMatch(/thu hồi/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe.skipIf(browserMissing)("on a phone", () => {
  it("fits the screen without sideways scrolling, and logs out", async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto("/admin");
    await page.getByLabel("Tên đăng nhập").fill("admin");
    await page.getByLabel("Mật khẩu").fill(staffPassword);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    for (const name of ["Tổng quan", "Đăng ký", "Thông báo"]) {
      await page.getByRole("link", { name }).click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    }
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("button", { name: "Đăng nhập" }).waitFor();
    expect((await context.cookies()).find((cookie) => cookie.name === "xkld_staff")?.value ?? "").toBe("");
    await context.close();
  });
});
