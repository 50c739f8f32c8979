import { api } from "../api.js";
import { formatDate, formatNumber, h, mount, select, t, table } from "../dom.js";

const palette = ["#0b5cad", "#1e7b34", "#c77700", "#b3261e", "#6a3fb5", "#00838f"];

/**
 * The dashboard's part per plan, from the reports' dashboard API: communes that have not yet
 * recorded this month's outcomes, progress by commune/ward and by month against each target,
 * the loan budget used by capital line, and the registration → departure funnel.
 * Returns the charts it drew, for the dashboard to destroy before drawing again.
 */
export async function renderPlanProgress(container, { user, period }) {
  const loaded = await api("GET", "/api/admin/plans", undefined, { quiet: true });
  const plans = loaded.ok ? loaded.body.plans.filter((plan) => user.role === "admin" || plan.provinceCode === user.provinceCode) : [];
  if (!plans.length) return (mount(container), { destroy() {} });
  const saved = sessionStorage.getItem("dashboard.plan");
  const plan = select("plan", plans.map((p) => [p.code, p.name]), plans.some((p) => p.code === saved) ? saved : plans[0].code, { "aria-label": t("rep.plan") });
  const body = h("div");
  // The reports count by year, half-year or month: a multi-year period shows this year.
  const year = /^\d{4}$/.test(period) ? period : String(new Date().getFullYear());
  mount(
    container,
    h("h2", {}, t("dash.plan.title", { year })),
    plans.length > 1 ? h("div", { class: "filters" }, h("label", {}, t("rep.plan"), " ", plan)) : null,
    year !== period ? h("p", { class: "hint" }, t("dash.plan.yearOnly", { year })) : null,
    body,
  );
  let charts = [];
  plan.addEventListener("change", async () => {
    for (const chart of charts) chart.destroy();
    charts = await load();
  });
  charts = await load();
  return { destroy: () => charts.forEach((chart) => chart.destroy()) };

  async function load() {
    sessionStorage.setItem("dashboard.plan", plan.value);
    const month = new Date().toLocaleDateString("sv-SE").slice(0, 7);
    const [figures, waiting] = await Promise.all([
      api("GET", `/api/admin/reports/dashboard?${new URLSearchParams({ plan: plan.value, period: year })}`, undefined, { quiet: true }),
      api("GET", `/api/admin/reports/communes-without-records?${new URLSearchParams({ plan: plan.value, month })}`, undefined, { quiet: true }),
    ]);
    if (!figures.ok) return mount(body, h("p", { class: "warning" }, t(figures.status === 422 ? "dash.plan.notBegun" : "dash.plan.failed"))), [];
    const { progress, loanBudget, funnel } = figures.body;
    const monthSeries = progress.byMonth.map((item) => [monthLabel(item.month), item.registered, item.departed]);
    const budgetRows = loanBudget.lines;
    const empty = {
      months: monthSeries.every(([, registered, departed]) => !registered && !departed),
      budget: budgetRows.every((line) => !line.cumulativeVnd && !line.budgetVnd),
      funnel: funnel.cohort === 0,
    };
    const chartBox = (id, title) => h("div", { class: "chart" }, h("h3", {}, title), empty[id] ? h("p", { class: "empty no-data" }, t("dash.noData")) : h("canvas", { id: `plan-${id}`, role: "img", "aria-label": title }));
    mount(
      body,
      h("h3", {}, t("dash.plan.waiting", { month: monthLabel(month) })),
      waiting.ok
        ? waiting.body.communes.length
          ? table(
              [
                [t("dash.plan.commune"), (c) => c.communeName ?? t("dash.plan.noCommune")],
                [t("dash.plan.open"), (c) => formatNumber(c.openRegistrations)],
                [t("dash.plan.lastRecorded"), (c) => (c.lastRecordedOn ? formatDate(c.lastRecordedOn) : t("dash.plan.neverRecorded"))],
              ],
              waiting.body.communes,
              { empty: t("dash.noData") },
            )
          : h("p", { class: "empty" }, t("dash.plan.allRecorded"))
        : h("p", { class: "warning" }, t("dash.plan.failed")),
      h("h3", {}, t("dash.plan.targets")),
      progress.targets.length
        ? progress.targets.map((target) => targetProgress(target))
        : h("p", { class: "empty" }, t("dash.plan.noTargets", { year })),
      h("h3", {}, t("dash.plan.byCommune")),
      table(
        [
          [t("dash.plan.commune"), (row) => row.communeName ?? t("dash.plan.noCommune")],
          [t("dash.plan.registered"), (row) => formatNumber(row.registered)],
          [t("dash.plan.departed"), (row) => formatNumber(row.departed)],
          [t("dash.plan.share"), (row) => (row.shareOfDeparturesPercent === null ? "—" : `${formatNumber(row.shareOfDeparturesPercent)}%`)],
          [t("dash.plan.disbursed"), (row) => money(row.disbursedVnd)],
        ],
        progress.byCommune,
        { empty: t("dash.noData") },
      ),
      h("div", { class: "charts" }, chartBox("months", t("dash.plan.byMonth")), chartBox("budget", t("dash.plan.budget"))),
      h("h3", {}, t("dash.plan.budgetTable")),
      table(
        [
          [t("dash.plan.capitalLine"), (line) => line.label ?? t(`outcome.capitalLine.${line.line}`, {}, t("dash.plan.otherLine"))],
          [t("dash.plan.budgetVnd"), (line) => (line.budgetVnd === null ? t("dash.plan.noBudget") : money(line.budgetVnd))],
          [t("dash.plan.usedInPeriod"), (line) => t("dash.plan.usedPeople", { amount: money(line.amountVnd), people: formatNumber(line.people) })],
          [t("dash.plan.usedCumulative"), (line) => money(line.cumulativeVnd)],
          [t("dash.plan.percentUsed"), (line) => (line.percentUsed === null ? "—" : `${formatNumber(line.percentUsed)}%`)],
        ],
        budgetRows,
        { empty: t("dash.noData") },
      ),
      h("h3", {}, t("dash.plan.funnel", { count: formatNumber(funnel.cohort) })),
      funnel.cohort === 0
        ? h("p", { class: "empty no-data" }, t("dash.noData"))
        : table(
            [
              [t("dash.plan.step"), (step) => t(`dash.step.${step.step}`)],
              [t("dash.plan.reached"), (step) => `${formatNumber(step.reached)}${step.percentOfCohort === null ? "" : ` (${formatNumber(step.percentOfCohort)}%)`}`],
              [t("dash.plan.daysFromRegistration"), (step) => days(step.medianDaysFromRegistration, "dash.plan.daysBeforeRegistration")],
              [t("dash.plan.daysFromPrevious"), (step) => days(step.medianDaysFromPreviousStep, "dash.plan.daysBeforePrevious")],
            ],
            funnel.steps,
            { cards: true },
          ),
      h("div", { class: "charts" }, chartBox("funnel", t("dash.plan.funnelChart"))),
    );
    if (!window.Chart) return [];
    const drawn = [];
    if (!empty.months) {
      drawn.push(
        new window.Chart(document.getElementById("plan-months"), {
          type: "bar",
          data: {
            labels: monthSeries.map(([label]) => label),
            datasets: [
              { label: t("dash.plan.registered"), data: monthSeries.map(([, registered]) => registered), backgroundColor: palette[0] },
              { label: t("dash.plan.departed"), data: monthSeries.map(([, , departed]) => departed), backgroundColor: palette[1] },
            ],
          },
          options: { maintainAspectRatio: false, animation: false, scales: { y: { ticks: { precision: 0 } } } },
        }),
      );
    }
    if (!empty.budget) {
      drawn.push(
        new window.Chart(document.getElementById("plan-budget"), {
          type: "bar",
          data: {
            labels: budgetRows.map((line) => line.label ?? t(`outcome.capitalLine.${line.line}`, {}, t("dash.plan.otherLine"))),
            datasets: [
              { label: t("dash.plan.usedCumulative"), data: budgetRows.map((line) => line.cumulativeVnd / 1e9), backgroundColor: palette[2] },
              { label: t("dash.plan.budgetVnd"), data: budgetRows.map((line) => (line.budgetVnd ?? 0) / 1e9), backgroundColor: "#c9d3de" },
            ],
          },
          options: { indexAxis: "y", maintainAspectRatio: false, animation: false, scales: { x: { title: { display: true, text: t("dash.plan.billionsAxis") } } } },
        }),
      );
    }
    if (!empty.funnel) {
      drawn.push(
        new window.Chart(document.getElementById("plan-funnel"), {
          type: "bar",
          data: { labels: funnel.steps.map((step) => t(`dash.step.${step.step}`)), datasets: [{ label: t("dash.plan.reached"), data: funnel.steps.map((step) => step.reached), backgroundColor: palette[4] }] },
          options: { indexAxis: "y", maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } } } },
        }),
      );
    }
    return drawn;
  }
}

/** One target: where the cumulative figure stood at the end of each month, against the minimum. */
function targetProgress(target) {
  const goal = target.maximum ? `${figure(target.metric, target.minimum)}–${figure(target.metric, target.maximum)}` : figure(target.metric, target.minimum);
  return h(
    "div",
    { class: "card target-months" },
    h("p", {}, h("strong", {}, t(`dash.metric.${target.metric}`, { period: target.period })), " ", t("dash.plan.goal", { goal })),
    table(
      [
        [t("dash.plan.month"), (item) => monthLabel(item.month)],
        [t("dash.plan.cumulative"), (item) => figure(target.metric, item.cumulative)],
        [t("dash.plan.percentOfMinimum"), (item) => (item.percentOfMinimum === null ? "—" : `${formatNumber(item.percentOfMinimum)}%`)],
      ],
      target.byMonth,
      { empty: t("dash.noData"), cards: false },
    ),
  );
}

function figure(metric, value) {
  return metric === "loan_vnd" ? money(value) : formatNumber(value);
}

function money(vnd) {
  return `${formatNumber(vnd)} đ`;
}

/** A median of days; negative when the step came first (a loan applied for at the bank before registering). */
function days(value, beforeKey) {
  if (value === null) return "—";
  return value < 0 ? t(beforeKey, { days: formatNumber(-value) }) : t("dash.plan.days", { days: formatNumber(value) });
}

/** "2026-11" → "11/2026". */
function monthLabel(month) {
  const [year, number] = String(month).split("-");
  return number ? `${number}/${year}` : String(month);
}
