import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../helpers/app.js";
import { loginAs, type StaffClient } from "../helpers/staff.js";
import { expectedFigures, registerPeople, type Person, type Split } from "./fixtures.js";
import { documentXml, paragraphs, rowOf, sheets, tableNamed, tables, vietnameseNumber } from "./read-documents.js";

const run = async (command: string, args: string[]) => (await promisify(execFile)(command, args, { timeout: 90_000 })).stdout;

let app: Awaited<ReturnType<typeof startTestApp>>;
let admin: StaffClient;
let hueClerk: StaffClient;
let huongTraOfficer: StaffClient;
let people: Person[] = [];
let outsiders: Person[] = [];

const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const until = (lastDay: string) => (lastDay < today ? lastDay : today);

const HUE_COMMUNES = [
  { name: "Phường Hương Trà", key: "huong tra" },
  { name: "Phường Kim Trà", key: "kim tra" },
  { name: "Xã Bình Điền", key: "binh dien" },
  { name: "Phường Thuận Hóa", key: "thuan hoa" },
];
const CAN_THO_COMMUNES = [
  { name: "Xã Long Phú", key: "long phu" },
  { name: "Phường Sóc Trăng", key: "soc trang" },
  { name: "Phường Ninh Kiều", key: "ninh kieu" },
];

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app, { username: "report.admin" });
  hueClerk = await loginAs(app, { username: "report.hue", role: "province", provinceCode: "hue" });
  huongTraOfficer = await loginAs(app, { username: "report.huongtra", role: "commune", provinceCode: "hue", communeName: "Phường Hương Trà" });
  // Targets for 2026, added as staff add them in the console.
  for (const [plan, target] of [
    ["kh2740-huong-tra", { period: "2026", metric: "people", minimum: 80, maximum: 100 }],
    ["nq02-2023-soc-trang", { period: "2026", metric: "people", minimum: 1000, maximum: 1500 }],
    ["nq02-2023-soc-trang", { period: "2026", metric: "loan_vnd", minimum: 60_000_000_000 }],
  ] as const) {
    expect((await admin.request("POST", `/api/admin/plans/${plan}/targets`, target)).status).toBe(201);
  }
  people = [
    ...(await registerPeople(app, {
      seed: 11,
      count: 34,
      province: "hue",
      communes: HUE_COMMUNES,
      from: "2025-11-01",
      to: "2026-11-20",
      countries: ["japan", "korea", "taiwan"],
    })),
    ...(await registerPeople(app, {
      seed: 12,
      count: 22,
      province: "can-tho",
      communes: CAN_THO_COMMUNES,
      from: "2024-01-05",
      to: "2024-10-31",
      countries: ["japan", "korea", "taiwan"],
    })),
    ...(await registerPeople(app, {
      seed: 13,
      count: 22,
      province: "can-tho",
      communes: CAN_THO_COMMUNES,
      from: "2026-08-01",
      to: "2026-11-25",
      countries: ["japan", "korea", "taiwan"],
    })),
  ];
  // People of another province with outcomes on the same days, going where nobody else goes.
  outsiders = await registerPeople(app, {
    seed: 14,
    count: 14,
    province: "da-nang",
    communes: [{ name: "Phường Hải Châu", key: "hai chau" }],
    from: "2024-01-05",
    to: "2026-11-25",
    countries: ["germany"],
  });
}, 600_000);
afterAll(async () => app?.close());

/**
 * The Word file as LibreOffice lays it out: exported to PDF (its own profile, so parallel runs
 * do not share one), then read back as text in reading order.
 */
async function asPdf(docx: Buffer): Promise<{ pages: number; text: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-"));
  try {
    fs.writeFileSync(path.join(dir, "report.docx"), docx);
    await run("soffice", [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, path.join(dir, "report.docx")]);
    const info = await run("pdfinfo", [path.join(dir, "report.pdf")]);
    const text = await run("pdftotext", ["-layout", path.join(dir, "report.pdf"), "-"]);
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), text };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Asks the admin API for a report file, as the console's page will. */
async function produce(client: StaffClient, body: Record<string, unknown>): Promise<Buffer> {
  const response = await fetch(`${app.baseUrl}/api/admin/reports/documents`, {
    method: "POST",
    headers: { cookie: client.cookie, "x-csrf-token": client.csrfToken, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="bao-cao-${body.plan}-${body.period}.*\\.${body.format}"`));
  const file = Buffer.from(await response.arrayBuffer());
  if (process.env.REPORT_SAMPLES_DIR)
    fs.writeFileSync(
      path.join(process.env.REPORT_SAMPLES_DIR, `${body.plan}-${body.period}${client === huongTraOfficer ? "-huong-tra" : ""}.${body.format}`),
      file,
    );
  return file;
}

// Row labels of the summary table, and the figure each one shows.
const SUMMARY_ROWS: [string, keyof ReturnType<typeof expectedFigures>][] = [
  ["Số người đăng ký", "registered"],
  ["Số người đã được liên hệ, tư vấn", "contacted"],
  ["Số người đủ điều kiện", "eligible"],
  ["Hồ sơ đề nghị vay vốn", "loanApplied"],
  ["Số tiền đề nghị vay", "loanAppliedVnd"],
  ["Hồ sơ vay được duyệt", "loanApproved"],
  ["Số tiền được duyệt", "loanApprovedVnd"],
  ["Hồ sơ vay không được duyệt", "loanRefused"],
  ["Số người được giải ngân", "loanDisbursedPeople"],
  ["Số tiền đã giải ngân", "loanDisbursedVnd"],
  ["Số người được hỗ trợ chi phí ban đầu", "supportPaidPeople"],
  ["Số tiền hỗ trợ", "supportPaidVnd"],
  ["Số người đã xuất cảnh", "departed"],
  ["Trong đó: chưa ghi ngày, nước đến", "departedUnrecorded"],
  ["Số người về nước trước hạn", "returnedEarly"],
  ["Số người về nước đúng hạn", "returnedAtTerm"],
];

const numbersOf = (cells: (string | number | null)[]) => cells.map((cell) => (typeof cell === "string" ? vietnameseNumber(cell) : cell));
const asRow = (split: Split) => [split.worker, split.student, split.total];
const oneDecimal = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

const CASES = [
  { plan: "kh2740-huong-tra", province: "hue", period: "2026-H1", from: "2026-01-01", lastDay: "2026-06-30", label: "6 tháng đầu năm 2026" },
  { plan: "kh2740-huong-tra", province: "hue", period: "2026", from: "2026-01-01", lastDay: "2026-12-31", label: "năm 2026" },
  { plan: "nq02-2023-soc-trang", province: "can-tho", period: "2026-11", from: "2026-11-01", lastDay: "2026-11-30", label: "tháng 11 năm 2026" },
  { plan: "nq02-2023-soc-trang", province: "can-tho", period: "2024", from: "2024-01-01", lastDay: "2024-12-31", label: "năm 2024" },
] as const;

it("has people outside the plans' provinces whose outcomes would change the figures", () => {
  const outside = expectedFigures(outsiders, { province: "da-nang", from: "2024-01-01", to: today });
  expect(outside.registered.total).toBe(14);
  expect(outside.departed.total).toBeGreaterThan(0);
  expect(outside.loanDisbursedVnd.total).toBeGreaterThan(0);
});

describe.each(CASES)("the $plan report for $period", (report) => {
  const to = () => until(report.lastDay);
  const expected = () => expectedFigures(people, { province: report.province, from: report.from, to: to() });

  it("has registrations to count", () => {
    expect(expected().registered.total).toBeGreaterThan(0);
  });

  it("writes every figure of the DOCX as counted from what was recorded", async () => {
    const xml = await documentXml(await produce(admin, { plan: report.plan, period: report.period, format: "docx" }));
    const all = tables(xml);
    const summary = tableNamed(all, "Bảng 1.");
    const figures = expected();
    for (const [label, key] of SUMMARY_ROWS) {
      expect(numbersOf(rowOf(summary, label, 1).slice(3)), label).toEqual(asRow(figures[key] as Split));
    }
    const countries = tableNamed(all, "Bảng 6.");
    for (const [label, code] of [
      ["Nhật Bản", "japan"],
      ["Hàn Quốc", "korea"],
      ["Đài Loan", "taiwan"],
    ] as const) {
      const count = figures.departedByCountry(code);
      if (count.total === 0) expect(countries.rows.some((row) => row[0] === label)).toBe(false);
      else expect(numbersOf(rowOf(countries, label).slice(1)), label).toEqual(asRow(count));
    }
    expect(numbersOf(rowOf(countries, "Tổng cộng").slice(1))).toEqual(asRow(figures.departed));
    // The people of Đà Nẵng all went to Germany: Germany is never in the report.
    expect(countries.rows.some((row) => row[0] === "Đức")).toBe(false);
    expect(paragraphs(xml).join("\n")).not.toMatch(/Đức|Hải Châu/);
  });

  it("shows the same figures in the XLSX, as numbers", async () => {
    const workbook = await sheets(await produce(admin, { plan: report.plan, period: report.period, format: "xlsx" }));
    const summary = workbook.get("Kết quả chung")!;
    const figures = expected();
    for (const [label, key] of SUMMARY_ROWS) expect(rowOf(summary, label, 1).slice(3), label).toEqual(asRow(figures[key] as Split));
    const communes = workbook.get("Theo xã phường")!;
    const totalRow = rowOf(communes, "Tổng cộng");
    expect(totalRow.slice(1, 5)).toEqual([figures.registered.total, figures.departed.worker, figures.departed.student, figures.departed.total]);
    expect(totalRow[5]).toBe(figures.loanDisbursedVnd.total);
    expect(workbook.get("Thông tin")!.rows.some((row) => row[0] === "Kỳ báo cáo" && row[1] === report.label)).toBe(true);
  });
});

describe("targets and budget lines", () => {
  it("shows the Hương Trà plan's 2026 target with what was achieved and its percentages", async () => {
    const all = tables(await documentXml(await produce(admin, { plan: "kh2740-huong-tra", period: "2026-H1", format: "docx" })));
    const targets = tableNamed(all, "Bảng 2.");
    // Only the 2026 target covers 2026; the 2021–2025 ones do not.
    expect(targets.rows.slice(1)).toHaveLength(1);
    const [metric, period, planned, inPeriod, from, cumulative, ofMinimum, ofMaximum] = targets.rows[1]!;
    const departed = expectedFigures(people, { province: "hue", from: "2026-01-01", to: until("2026-06-30") }).departed.total;
    expect([metric, period, planned, from]).toEqual(["Số người đi làm việc ở nước ngoài (người)", "2026", "80 – 100", "01/01/2026"]);
    expect([vietnameseNumber(inPeriod!), vietnameseNumber(cumulative!)]).toEqual([departed, departed]);
    expect([ofMinimum, ofMaximum]).toEqual(
      [oneDecimal(departed, 80), oneDecimal(departed, 100)].map((value) => value.toLocaleString("de-DE", { minimumFractionDigits: 1 })),
    );
  });

  it("compares the Sóc Trăng plan's 2024 budget lines and targets with what was disbursed", async () => {
    const all = tables(await documentXml(await produce(admin, { plan: "nq02-2023-soc-trang", period: "2024", format: "docx" })));
    const figures = expectedFigures(people, { province: "can-tho", from: "2024-01-01", to: "2024-12-31" });
    const capital = tableNamed(all, "Bảng 3.");
    for (const [label, line, budget] of [
      ["Vốn trung ương", "central", 25_000_000_000],
      ["Vốn ngân sách địa phương", "local", 42_500_000_000],
    ] as const) {
      const disbursed = figures.disbursedByLine(line);
      expect(disbursed).toBeGreaterThan(0);
      expect(
        numbersOf(
          rowOf(capital, label)
            .filter((_, index) => index !== 4)
            .slice(1),
        ),
      ).toEqual([budget, expect.any(Number), disbursed, disbursed, oneDecimal(disbursed, budget)]);
    }
    const support = rowOf(tableNamed(all, "Bảng 5."), "Hỗ trợ chi phí ban đầu");
    expect(numbersOf([support[1]!, support[3]!, support[6]!])).toEqual([
      496_000_000,
      figures.supportPaidVnd.total,
      oneDecimal(figures.supportPaidVnd.total, 496_000_000),
    ]);
    const targets = tableNamed(all, "Bảng 2.");
    const people2024 = rowOf(targets, "Số người đi làm việc ở nước ngoài (người)");
    expect(numbersOf([people2024[5]!, people2024[6]!])).toEqual([figures.departed.total, oneDecimal(figures.departed.total, 500)]);
    const loans = rowOf(targets, "Vốn vay đã giải ngân (đồng)");
    expect(numbersOf([loans[2]!, loans[5]!, loans[6]!])).toEqual([
      67_500_000_000,
      figures.loanDisbursedVnd.total,
      oneDecimal(figures.loanDisbursedVnd.total, 67_500_000_000),
    ]);
  });

  it("counts a month against the year's targets from the first of January", async () => {
    const workbook = await sheets(await produce(admin, { plan: "nq02-2023-soc-trang", period: "2026-11", format: "xlsx" }));
    const targets = workbook.get("Chỉ tiêu")!;
    const year = expectedFigures(people, { province: "can-tho", from: "2026-01-01", to: until("2026-11-30") });
    const month = expectedFigures(people, { province: "can-tho", from: "2026-11-01", to: until("2026-11-30") });
    expect(rowOf(targets, "Số người đi làm việc ở nước ngoài (người)").slice(3, 8)).toEqual([
      month.departed.total,
      "01/01/2026",
      year.departed.total,
      oneDecimal(year.departed.total, 1000),
      oneDecimal(year.departed.total, 1500),
    ]);
    expect(rowOf(targets, "Vốn vay đã giải ngân (đồng)").slice(3, 7)).toEqual([
      month.loanDisbursedVnd.total,
      "01/01/2026",
      year.loanDisbursedVnd.total,
      oneDecimal(year.loanDisbursedVnd.total, 60_000_000_000),
    ]);
  });
});

describe("the document", () => {
  it("has the form of an administrative report, with the number, date and prose left for staff", async () => {
    const text = paragraphs(await documentXml(await produce(admin, { plan: "kh2740-huong-tra", period: "2026-H1", format: "docx" })));
    for (const line of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "ỦY BAN NHÂN DÂN",
      "THÀNH PHỐ HUẾ",
      "SỞ NỘI VỤ",
      "Số: …/BC-…",
      "…, ngày … tháng … năm …",
      "BÁO CÁO",
      "Kính gửi: Ủy ban nhân dân thành phố Huế.",
      "I. KẾT QUẢ THỰC HIỆN",
      "II. KHÓ KHĂN, VƯỚNG MẮC",
      "III. ĐỀ XUẤT, KIẾN NGHỊ",
      "Nơi nhận:",
      "- Như trên;",
      "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ",
    ]) {
      expect(text, line).toContain(line);
    }
    expect(text.find((paragraph) => paragraph.startsWith("Kết quả thực hiện Kế hoạch 2740/KH-UBND"))).toMatch(/, 6 tháng đầu năm 2026$/);
  });

  // Skipped on a developer's machine without LibreOffice; `.ci/run` installs it, and in CI a missing one fails.
  it.skipIf(!process.env.CI && !fs.existsSync("/usr/bin/soffice"))(
    "opens in LibreOffice as pages that show the headings and the counted figures",
    async () => {
      const figures = expectedFigures(people, { province: "can-tho", from: "2026-11-01", to: until("2026-11-30") });
      const pdf = await asPdf(await produce(admin, { plan: "nq02-2023-soc-trang", period: "2026-11", format: "docx" }));
      expect(pdf.pages).toBeGreaterThanOrEqual(2);
      for (const line of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "Kính gửi: Ủy ban nhân dân thành phố Cần Thơ.", "II. KHÓ KHĂN, VƯỚNG MẮC"]) {
        expect(pdf.text, line).toContain(line);
      }
      const [worker, student, total] = asRow(figures.registered).map((count) => count.toLocaleString("de-DE"));
      expect(pdf.text).toMatch(new RegExp(`Số người đăng ký\\s+người\\s+${worker}\\s+${student}\\s+${total}\\b`));
      const disbursed = asRow(figures.loanDisbursedVnd).map((amount) => amount.toLocaleString("de-DE").replaceAll(".", "\\."));
      expect(pdf.text).toMatch(new RegExp(`Số tiền đã giải ngân\\s+đồng\\s+${disbursed.join("\\s+")}\\b`));
    },
    120_000,
  );

  it("maps the old Hương Trà communes to today's wards, with a note", async () => {
    const xml = await documentXml(await produce(admin, { plan: "kh2740-huong-tra", period: "2026", format: "docx" }));
    const communes = tableNamed(tables(xml), "Bảng 8.");
    expect(communes.rows.map((row) => row[0])).toContain("Phường Hương Trà (gồm Tứ Hạ, Hương Văn, Hương Vân cũ)");
    const text = paragraphs(xml).join("\n");
    expect(text).toContain(
      "Phường Kim Trà gồm địa bàn các xã, phường cũ: Hương Xuân, Hương Chữ, Hương Toàn (theo đề án sắp xếp năm 2025; số hiệu nghị quyết chưa được xác nhận).",
    );
    expect(text).toContain("Thị xã Hương Trà chấm dứt hoạt động từ 01/7/2025");
  });

  it("says that Sóc Trăng is now within Cần Thơ", async () => {
    const text = paragraphs(await documentXml(await produce(admin, { plan: "nq02-2023-soc-trang", period: "2026-11", format: "docx" }))).join("\n");
    expect(text).toContain("Tỉnh Sóc Trăng đã nhập vào thành phố Cần Thơ từ 12/6/2025");
    expect(text).toContain("Địa bàn tính số liệu: Thành phố Cần Thơ theo địa giới hiện nay (từ 12/06/2025, NQ 202/2025/QH15)");
  });

  it("takes the reporting body, the recipient and the copies staff give", async () => {
    const text = paragraphs(
      await documentXml(
        await produce(admin, {
          plan: "kh2740-huong-tra",
          period: "2026-H1",
          format: "docx",
          reportingBody: ["SỞ NỘI VỤ THÀNH PHỐ HUẾ", "TRUNG TÂM DỊCH VỤ VIỆC LÀM"],
          recipient: "Sở Nội vụ thành phố Huế",
          copies: ["Chi nhánh NHCSXH thành phố Huế"],
        }),
      ),
    );
    expect(text).toEqual(
      expect.arrayContaining([
        "SỞ NỘI VỤ THÀNH PHỐ HUẾ",
        "TRUNG TÂM DỊCH VỤ VIỆC LÀM",
        "Kính gửi: Sở Nội vụ thành phố Huế.",
        "- Chi nhánh NHCSXH thành phố Huế;",
      ]),
    );
    expect(text).not.toContain("THÀNH PHỐ HUẾ");
  });

  it("shows words, never the codes things are stored with", async () => {
    for (const format of ["docx", "xlsx"] as const) {
      const file = await produce(admin, { plan: "nq02-2023-soc-trang", period: "2024", format });
      const text = format === "docx" ? paragraphs(await documentXml(file)).join("\n") : JSON.stringify([...(await sheets(file)).values()]);
      expect(text).not.toMatch(
        /\b(loan_\w+|support_paid|national|eps_deposit|local|central|initial_cost|technical_intern|work_study|contract_labour|japan|korea|taiwan|early|at_term|can-tho|nq02-2023-soc-trang|undefined|null|NaN)\b/,
      );
    }
  });
});

describe("who may produce which report", () => {
  it("gives a commune officer their commune's report, addressed as a commune reports", async () => {
    const xml = await documentXml(await produce(huongTraOfficer, { plan: "kh2740-huong-tra", period: "2026", format: "docx" }));
    const figures = expectedFigures(people, { province: "hue", communeKey: "huong tra", from: "2026-01-01", to: until("2026-12-31") });
    const summary = tableNamed(tables(xml), "Bảng 1.");
    for (const [label, key] of SUMMARY_ROWS) expect(numbersOf(rowOf(summary, label, 1).slice(3)), label).toEqual(asRow(figures[key] as Split));
    const text = paragraphs(xml);
    expect(text).toEqual(expect.arrayContaining(["ỦY BAN NHÂN DÂN", "PHƯỜNG HƯƠNG TRÀ", "Kính gửi: Sở Nội vụ thành phố Huế."]));
    expect(figures.registered.total).toBeLessThan(expectedFigures(people, { province: "hue", from: "2026-01-01", to: until("2026-12-31") }).registered.total);
  });

  it("does not know another province's plan", async () => {
    const response = await hueClerk.request("POST", "/api/admin/reports/documents", { plan: "nq02-2023-soc-trang", period: "2026", format: "docx" });
    expect(response.status).toBe(404);
    expect((await hueClerk.request("GET", "/api/admin/reports/figures?plan=nq02-2023-soc-trang&period=2026")).status).toBe(404);
  });

  it("refuses a period that has not begun and a badly written one", async () => {
    expect((await admin.request("POST", "/api/admin/reports/documents", { plan: "kh2740-huong-tra", period: "2099", format: "docx" })).status).toBe(422);
    const bad = await admin.request("POST", "/api/admin/reports/documents", { plan: "kh2740-huong-tra", period: "2026-Q3", format: "pdf" });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(["format", "period"]);
  });

  it("audits each report produced, without personal data", async () => {
    await produce(hueClerk, { plan: "kh2740-huong-tra", period: "2026-H1", format: "xlsx" });
    const event = await app.database.prisma.auditEvent.findFirstOrThrow({
      where: { action: "report.produce", actor: "staff:report.hue" },
      orderBy: { id: "desc" },
    });
    expect(event).toMatchObject({ targetType: "plan", targetId: "kh2740-huong-tra", detail: { period: "2026-H1", format: "xlsx", commune: null } });
    expect(JSON.stringify(event.detail)).not.toMatch(/DK-|Nguyễn|\+84/);
  });
});

describe("the dashboard by place and time", () => {
  it("counts departures by month and commune, and the loan budget used by capital line", async () => {
    const { status, body } = await admin.request("GET", "/api/admin/reports/dashboard?plan=nq02-2023-soc-trang&period=2024");
    expect(status).toBe(200);
    for (const row of body.progress.byMonth) {
      const month = expectedFigures(people, { province: "can-tho", from: `${row.month}-01`, to: `${row.month}-31` });
      expect([row.month, row.registered, row.departed, row.disbursedVnd]).toEqual([
        row.month,
        month.registered.total,
        month.departed.total,
        month.loanDisbursedVnd.total,
      ]);
    }
    expect(body.progress.byMonth).toHaveLength(12);
    for (const commune of CAN_THO_COMMUNES) {
      const expected = expectedFigures(people, { province: "can-tho", communeKey: commune.key, from: "2024-01-01", to: "2024-12-31" });
      const row = body.progress.byCommune.find((candidate: { communeKey: string }) => candidate.communeKey === commune.key);
      expect(row ? [row.registered, row.departed] : [0, 0]).toEqual([expected.registered.total, expected.departed.total]);
    }
    const year = expectedFigures(people, { province: "can-tho", from: "2024-01-01", to: "2024-12-31" });
    expect(
      body.loanBudget.lines.map((line: { line: string; cumulativeVnd: number; budgetVnd: number }) => [line.line, line.budgetVnd, line.cumulativeVnd]),
    ).toEqual([
      ["central", 25_000_000_000, year.disbursedByLine("central")],
      ["local", 42_500_000_000, year.disbursedByLine("local")],
    ]);
    const people2024 = body.progress.targets.find((target: { metric: string; period: string }) => target.metric === "people" && target.period === "2024");
    expect(people2024.byMonth.at(-1)).toMatchObject({
      month: "2024-12",
      cumulative: year.departed.total,
      percentOfMinimum: oneDecimal(year.departed.total, 500),
    });
  });

  it("follows the people registered in the period to departure", async () => {
    const { body } = await admin.request("GET", "/api/admin/reports/dashboard?plan=kh2740-huong-tra&period=2026-H1");
    const cohort = people.filter((person) => person.province === "hue" && person.registeredOn >= "2026-01-01" && person.registeredOn <= "2026-06-30");
    expect(body.funnel.cohort).toBe(cohort.length);
    const step = (name: string) => body.funnel.steps.find((candidate: { step: string }) => candidate.step === name);
    expect(step("registered").reached).toBe(cohort.length);
    const departed = cohort.filter(
      (person) => person.outcomes.some((outcome) => outcome.kind === "departed") || person.moves.some((move) => move.status === "departed"),
    );
    expect(step("departed").reached).toBe(departed.length);
    const disbursed = cohort.filter((person) => person.outcomes.some((outcome) => outcome.kind === "loan_disbursed"));
    expect(step("loanDisbursed").reached).toBe(disbursed.length);
    const days = departed.map((person) => {
      const on = person.outcomes.find((outcome) => outcome.kind === "departed")?.on ?? person.moves.find((move) => move.status === "departed")!.on;
      return Math.round((Date.parse(on) - Date.parse(person.registeredOn)) / 86_400_000);
    });
    days.sort((a, b) => a - b);
    const middle = Math.floor(days.length / 2);
    const median = days.length % 2 ? days[middle] : (days[middle - 1]! + days[middle]!) / 2;
    expect(step("departed").medianDaysFromRegistration).toBe(median);
  });

  it("lists the reports due soon and the communes that recorded nothing this month", async () => {
    const items = await hueClerk.request("GET", "/api/admin/reports/items?daysAhead=366");
    expect(items.body.items.map((item: { plan: string }) => item.plan)).not.toContain("nq02-2023-soc-trang");
    expect(items.body.items.find((item: { what: string }) => item.what === "Báo cáo 6 tháng")).toMatchObject({ period: expect.stringMatching(/^\d{4}-H1$/) });
    const { status, body } = await admin.request("GET", `/api/admin/reports/communes-without-records?plan=kh2740-huong-tra&month=${today.slice(0, 7)}`);
    expect(status).toBe(200);
    for (const commune of body.communes) {
      expect(commune.openRegistrations).toBeGreaterThan(0);
      expect(commune.lastRecordedOn === null || commune.lastRecordedOn < `${today.slice(0, 7)}-01`).toBe(true);
    }
  });
});
