import { api } from "../api.js";
import { renderPlanProgress } from "./plan-progress.js";
import { choice, field, formatDate, formatNumber, h, mount, select, t, table, toast } from "../dom.js";

const palette = ["#0b5cad", "#1e7b34", "#c77700", "#b3261e", "#6a3fb5", "#00838f", "#7a5c00", "#5b6776"];
let charts = [];
let planProgress = { destroy() {} };

/** Registrations, loans and progress against each plan's targets, and the next reporting deadlines. */
export async function render(container, context) {
  const { user, catalogue } = context;
  const year = String(new Date().getFullYear());
  const period = select("period", [year, String(Number(year) - 1), String(Number(year) - 2), "2021-2025"].map((value) => [value, value]), sessionStorage.getItem("dashboard.period") ?? year, { "aria-label": t("dash.period") });
  const province = user.role === "admin" ? select("province", [["", t("reg.anyProvince")], ...catalogue.provinces.map((p) => [p.code, p.name])], sessionStorage.getItem("dashboard.province") ?? "", { "aria-label": t("field.provinceCode") }) : null;
  const body = h("div");
  mount(container, h("h1", {}, t("nav.dashboard")), h("div", { class: "filters" }, h("label", {}, t("dash.period"), " ", period), province), body);
  period.addEventListener("change", load);
  province?.addEventListener("change", load);
  await load();

  async function load() {
    sessionStorage.setItem("dashboard.period", period.value);
    if (province) sessionStorage.setItem("dashboard.province", province.value);
    const query = new URLSearchParams({ period: period.value, ...(province?.value ? { province: province.value } : {}) });
    const [dashboard, deadlines] = await Promise.all([api("GET", `/api/admin/dashboard?${query}`), api("GET", "/api/admin/deadlines")]);
    if (!dashboard.ok) return;
    const canEditTargets = (plan) => user.role === "admin" || (user.role === "province" && plan.provinceCode === user.provinceCode);
    const { registrations, loans, plans } = dashboard.body;
    for (const chart of charts) chart.destroy();
    charts = [];
    planProgress.destroy();
    const planSection = h("section", { class: "plan-progress" });
    const series = {
      byMonth: registrations.byMonth.map((item) => [monthLabel(item.month), item.count]),
      byStatus: registrations.byStatus.map((item) => [t(`status.${item.key}`), item.count]),
      byCountry: registrations.byCountry.map((item) => [choice("country", item.key), item.count]),
      byProgramme: registrations.byProgramme.map((item) => [choice("programme", item.key), item.count]),
    };
    const isEmpty = (id) => series[id].every(([, count]) => !count);
    // An empty chart says so in words rather than drawing empty axes.
    const canvas = (id) => (isEmpty(id) ? h("p", { class: "empty no-data" }, t("dash.noData")) : h("canvas", { id, role: "img", "aria-label": t(`dash.chart.${id}`) }));
    mount(
      body,
      h(
        "div",
        { class: "stats" },
        stat(t("dash.registrations"), formatNumber(registrations.total)),
        stat(t("dash.loansRequested"), formatNumber(loans.requestedCount)),
        stat(t("dash.loansTotal"), `${formatBillions(loans.requestedTotalVnd)}`),
        stat(t("dash.budget"), loans.budgetTotalVnd ? formatBillions(loans.budgetTotalVnd) : "—"),
      ),
      h("h2", {}, t("dash.targets")),
      plans.length ? plans.map((plan) => planCard(plan, canEditTargets(plan), load)) : h("p", { class: "empty" }, t("dash.noPlans")),
      planSection,
      h("h2", {}, t("dash.charts")),
      h(
        "div",
        { class: "charts" },
        h("div", { class: "chart" }, h("h3", {}, t("dash.chart.byMonth")), canvas("byMonth")),
        h("div", { class: "chart" }, h("h3", {}, t("dash.chart.byStatus")), canvas("byStatus")),
        h("div", { class: "chart" }, h("h3", {}, t("dash.chart.byCountry")), canvas("byCountry")),
        h("div", { class: "chart" }, h("h3", {}, t("dash.chart.byProgramme")), canvas("byProgramme")),
      ),
      h("h2", {}, t("dash.deadlines")),
      deadlines.ok
        ? table(
            [
              [t("dash.deadline.date"), (d) => formatDate(d.date)],
              [t("dash.deadline.daysLeft"), (d) => (d.daysLeft === 0 ? h("span", { class: "badge warn" }, t("dash.today")) : t("dash.inDays", { days: d.daysLeft }))],
              [t("dash.deadline.what"), (d) => d.what],
              [t("dash.deadline.plan"), (d) => d.planName],
              [t("dash.deadline.source"), (d) => [d.source, d.confirmed ? null : h("span", { class: "badge warn" }, t("dash.unconfirmed"))]],
            ],
            deadlines.body.deadlines.slice(0, 8),
          )
        : null,
    );
    planProgress = await renderPlanProgress(planSection, { user, period: period.value });
    if (!window.Chart) return toast(t("dash.noCharts"), "error");
    const draw = (id, kind, horizontal) => (isEmpty(id) ? null : kind(id, series[id].map(([label]) => label), series[id].map(([, count]) => count), horizontal));
    charts = [draw("byMonth", bar), draw("byStatus", doughnut), draw("byCountry", bar, true), draw("byProgramme", bar, true)].filter(Boolean);
  }
}

/** "2026-11" → "11/2026". */
function monthLabel(month) {
  const [year, number] = String(month).split("-");
  return number ? `${number}/${year}` : String(month);
}

function stat(label, value) {
  return h("div", { class: "stat" }, h("span", {}, label), h("strong", {}, value));
}

function planCard(plan, editable, reload) {
  return h(
    "div",
    { class: "card" },
    h("h3", {}, plan.name),
    plan.note ? h("p", { class: "hint" }, plan.note) : null,
    plan.targets.map((target) => {
      const progress = target.progress;
      const percent = Math.min(100, Math.round(progress.percentOfMinimum ?? 0));
      const goal = target.maximum ? `${formatTarget(target.metric, target.minimum)}–${formatTarget(target.metric, target.maximum)}` : formatTarget(target.metric, target.minimum);
      return h(
        "div",
        { class: "target" },
        h("p", {}, h("strong", {}, t(`dash.metric.${target.metric}`, { period: target.period })), " ", t("dash.progress", { actual: formatTarget(target.metric, progress.actual), goal, percent })),
        h("div", { class: "progress", role: "progressbar", "aria-valuenow": percent, "aria-valuemin": 0, "aria-valuemax": 100 }, h("span", { style: { width: `${percent}%` } })),
        h("small", {}, t(`dash.explain.${target.metric}`)),
        target.metric === "people"
          ? h("small", { class: "stages" }, t("dash.stages", { registered: progress.stages.registered, eligible: progress.stages.eligible, loanApplied: progress.stages.loanApplied, departed: progress.stages.departed }))
          : null,
        editable ? targetEditor(target, reload) : null,
      );
    }),
    h("small", {}, t("dash.source", { source: plan.source ? [plan.source.document, plan.source.article].filter(Boolean).join(", ") : "—" })),
  );
}

/** Staff correct a target when the plan is amended; the change is audited. */
function targetEditor(target, reload) {
  const unit = target.metric === "loan_vnd" ? t("dash.unit.vnd") : t("dash.unit.people");
  const minimum = h("input", { name: "minimum", type: "number", min: 0, step: 1, required: true, value: target.minimum });
  const maximum = h("input", { name: "maximum", type: "number", min: 0, step: 1, value: target.maximum ?? "" });
  const form = h(
    "form",
    {
      class: "target-editor",
      hidden: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const body = { minimum: Number(minimum.value), maximum: maximum.value === "" ? null : Number(maximum.value) };
        const response = await api("PATCH", `/api/admin/plans/targets/${target.id}`, body);
        if (response.ok) {
          toast(t("dash.targetSaved"));
          await reload();
        }
      },
    },
    field(t("dash.minimum", { unit }), minimum),
    field(t("dash.maximum", { unit }), maximum),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("common.save"))),
  );
  const toggle = h("button", { type: "button", class: "link", onclick: () => (form.hidden = !form.hidden) }, t("dash.editTarget"));
  return h("div", {}, toggle, form);
}

function formatTarget(metric, value) {
  return metric === "loan_vnd" ? formatBillions(value) : formatNumber(value);
}

function formatBillions(vnd) {
  return t("dash.billions", { value: new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(Number(vnd) / 1e9) });
}

function bar(id, labels, data, horizontal = false) {
  return new window.Chart(document.getElementById(id), {
    type: "bar",
    data: { labels, datasets: [{ label: t(`dash.chart.${id}`), data, backgroundColor: palette[0] }] },
    options: { indexAxis: horizontal ? "y" : "x", maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } } },
  });
}

function doughnut(id, labels, data) {
  return new window.Chart(document.getElementById(id), {
    type: "doughnut",
    data: { labels, datasets: [{ data, backgroundColor: palette }] },
    options: { maintainAspectRatio: false, animation: false },
  });
}
