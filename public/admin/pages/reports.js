import { api, currentCsrfToken, describeError } from "../api.js";
import { choice, field, formatDate, formatNumber, h, mount, select, t, table, toast } from "../dom.js";

const SUMMARY_ROWS = [
  ["registered", "person"],
  ["contacted", "person"],
  ["eligible", "person"],
  ["loanApplied", "file"],
  ["loanAppliedVnd", "vnd"],
  ["loanApproved", "file"],
  ["loanApprovedVnd", "vnd"],
  ["loanRefused", "file"],
  ["loanDisbursedPeople", "person"],
  ["loanDisbursedVnd", "vnd"],
  ["supportPaidPeople", "person"],
  ["supportPaidVnd", "vnd"],
  ["departed", "person"],
  ["departedUnrecorded", "person"],
  ["returnedEarly", "person"],
  ["returnedAtTerm", "person"],
];

/**
 * The plans' period reports: pick a plan and a period, read the figures, then download the
 * DOCX (the administrative report, prose left for staff) or the XLSX (its tables).
 * `#/reports/<plan>/<period>` opens one directly (the banner's link).
 */
export async function render(container, context) {
  const { user } = context;
  const loaded = await api("GET", "/api/admin/plans");
  if (!loaded.ok) return;
  // Officers report on their own province's plans; the server refuses the others anyway.
  const plans = loaded.body.plans.filter((plan) => user.role === "admin" || plan.provinceCode === user.provinceCode);
  if (!plans.length) return mount(container, h("h1", {}, t("nav.reports")), h("p", { class: "empty" }, t("rep.noPlans")));
  const [wantedPlan, wantedPeriod] = context.params;
  const plan = select("plan", plans.map((p) => [p.code, p.name]), plans.some((p) => p.code === wantedPlan) ? wantedPlan : plans[0].code);
  const periods = recentPeriods(new Date());
  if (wantedPeriod && !periods.some(([code]) => code === wantedPeriod)) periods.unshift([wantedPeriod, periodLabel(wantedPeriod)]);
  const period = select("period", periods, wantedPeriod ?? periods[0][0]);
  const body = h("textarea", { name: "reportingBody", rows: 3, "aria-describedby": "body-hint" });
  const recipient = h("input", { name: "recipient" });
  const copies = h("textarea", { name: "copies", rows: 2 });
  const preview = h("div", { class: "report-preview", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card grid", onsubmit: (event) => (event.preventDefault(), show()) },
    wide(field(t("rep.plan"), plan)),
    field(t("rep.period"), period),
    field(t("rep.reportingBody"), body, t("rep.reportingBodyHint")),
    field(t("rep.recipient"), recipient, t("rep.defaultHint")),
    field(t("rep.copies"), copies, t("rep.copiesHint")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, t("rep.preview")),
      h("button", { type: "button", class: "primary", onclick: () => download("docx") }, t("rep.downloadDocx")),
      h("button", { type: "button", onclick: () => download("xlsx") }, t("rep.downloadXlsx")),
    ),
  );
  mount(container, h("h1", {}, t("nav.reports")), h("p", { class: "hint" }, t("rep.hint")), form, preview);
  plan.addEventListener("change", show);
  period.addEventListener("change", show);
  await show();

  async function show() {
    const query = new URLSearchParams({ plan: plan.value, period: period.value });
    const response = await api("GET", `/api/admin/reports/figures?${query}`, undefined, { quiet: true });
    if (!response.ok) return mount(preview, h("p", { class: "warning" }, refusal(response)));
    mount(preview, figuresView(response.body));
  }

  async function download(format) {
    const lines = (text) => text.split("\n").map((line) => line.trim()).filter(Boolean);
    const request = {
      plan: plan.value,
      period: period.value,
      format,
      ...(lines(body.value).length ? { reportingBody: lines(body.value) } : {}),
      ...(recipient.value.trim() ? { recipient: recipient.value.trim() } : {}),
      ...(lines(copies.value).length ? { copies: lines(copies.value) } : {}),
    };
    let response;
    try {
      response = await fetch("/api/admin/reports/documents", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", "x-csrf-token": currentCsrfToken() },
        body: JSON.stringify(request),
      });
    } catch {
      return toast(t("error.network"), "error");
    }
    if (!response.ok) return toast(refusal({ status: response.status, body: await response.json().catch(() => null) }), "error");
    // The file comes as the answer of a POST: handed to the browser as a download.
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `bao-cao.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast(t("rep.downloaded", { name }));
  }
}

function wide(element) {
  element.classList.add("wide");
  return element;
}

function refusal(response) {
  if (response.status === 422) return t("rep.notStarted");
  if (response.status === 404) return t("rep.notYours");
  return describeError(response.status, response.body);
}

function figuresView(figures) {
  const unit = (kind) => t(`report.unit.${kind === "vnd" ? "vnd" : kind}`);
  const value = (kind, number) => (kind === "vnd" ? `${formatNumber(number)} đ` : formatNumber(number));
  const percent = (number) => (number === null || number === undefined ? "—" : `${formatNumber(Math.round(number * 10) / 10)}%`);
  return h(
    "div",
    {},
    h("p", { class: "hint" }, t("rep.countedUntil", { date: formatDate(figures.countedUntil) })),
    h("h2", {}, t("report.table.summary")),
    table(
      [
        [t("report.col.item"), ([key]) => t(`report.row.${key}`)],
        [t("report.col.unit"), ([, kind]) => unit(kind)],
        [t("report.col.worker"), ([key, kind]) => value(kind, figures.summary[key].worker)],
        [t("report.col.student"), ([key, kind]) => value(kind, figures.summary[key].student)],
        [t("report.col.total"), ([key, kind]) => h("strong", {}, value(kind, figures.summary[key].total))],
      ],
      SUMMARY_ROWS,
    ),
    h("h2", {}, t("report.table.targets")),
    table(
      [
        [t("report.col.target"), (target) => t(`report.metric.${target.metric}`)],
        [t("report.col.targetPeriod"), (target) => target.period],
        [t("report.col.planned"), (target) => (target.maximum ? `${formatNumber(target.minimum)}–${formatNumber(target.maximum)}` : formatNumber(target.minimum))],
        [t("report.col.inPeriod"), (target) => formatNumber(target.inPeriod)],
        [t("report.col.cumulative"), (target) => formatNumber(target.cumulative)],
        [t("report.col.percentOfMinimum"), (target) => percent(target.percentOfMinimum)],
      ],
      figures.targets,
      { empty: t("report.noTargets", { year: String(figures.period?.year ?? figures.countedUntil.slice(0, 4)) }) },
    ),
    h("h2", {}, t("report.table.capital")),
    table(
      [
        [t("report.col.capitalLine"), (line) => line.label ?? t(`outcome.capitalLine.${line.line}`, {}, line.line)],
        [t("report.col.budget"), (line) => (line.budgetVnd === null ? "—" : formatNumber(line.budgetVnd))],
        [t("report.col.people"), (line) => formatNumber(line.people)],
        [t("report.col.amountInPeriod"), (line) => formatNumber(line.amountVnd)],
        [t("report.col.percentUsed"), (line) => percent(line.percentUsed)],
      ],
      figures.capitalLines,
    ),
    h("h2", {}, t("report.table.countries")),
    table(
      [
        [t("report.col.country"), (row) => (row.country ? choice("country", row.country) : t("report.row.notRecorded"))],
        [t("report.col.total"), (row) => formatNumber(row.departed.total)],
      ],
      figures.departuresByCountry,
      { empty: t("dash.noData") },
    ),
    h("h2", {}, t("report.table.communes")),
    table(
      [
        [t("report.col.commune"), (row) => row.communeName ?? t("report.row.communeUnknown")],
        [t("report.col.registered"), (row) => formatNumber(row.registered)],
        [t("report.col.departedTotal"), (row) => formatNumber(row.departed.total)],
        [t("report.col.disbursedVnd"), (row) => formatNumber(row.disbursedVnd)],
      ],
      figures.communes,
      { empty: t("dash.noData") },
    ),
  );
}

/** The last 12 months, the last 4 half-years and the last 3 years, newest first in each. */
function recentPeriods(now) {
  const year = now.getFullYear();
  const month = now.getMonth() + 1;
  const months = Array.from({ length: 12 }, (_, index) => {
    const date = new Date(year, month - 1 - index, 1);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
  });
  const halves = [];
  for (let y = year; halves.length < 4; y--) for (const half of ["H2", "H1"]) if (halves.length < 4 && (y < year || half === "H1" || month > 6)) halves.push(`${y}-${half}`);
  const years = [String(year), String(year - 1), String(year - 2)];
  return [...months, ...halves, ...years].map((code) => [code, periodLabel(code)]);
}

/** "2026-11" → "Tháng 11/2026", "2026-H1" → "6 tháng đầu năm 2026", "2026" → "Năm 2026". */
export function periodLabel(code) {
  const [year, part] = String(code).split("-");
  if (!part) return t("rep.period.year", { year });
  if (part === "H1") return t("rep.period.firstHalf", { year });
  if (part === "H2") return t("rep.period.secondHalf", { year });
  return t("rep.period.month", { month: part, year });
}
