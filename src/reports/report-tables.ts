import type { Plan } from "../plans/index.js";
import type { Localities, OutcomeLabels } from "../registrations/index.js";
import type { ReportText } from "./catalogue.js";
import type { BudgetLineUse, ReportFigures, Split } from "./figures.js";
import { formatDay, formatNumber } from "./format.js";
import type { Cell, ReportTable } from "./report-model.js";

/** Every table of the report, in words; every label comes from a catalogue. */
export function reportTables(figures: ReportFigures, context: { plan: Plan; t: ReportText; labels: OutcomeLabels; localities: Localities }) {
  const { plan, t, labels } = context;
  return {
    summary: summaryTable(figures, t),
    targets: targetsTable(figures, t),
    capital: budgetTable(figures.capitalLines, t, {
      sheet: t("report.sheet.capital"),
      title: t("report.table.capital"),
      lineLabel: labels.capitalLine,
      firstColumn: t("report.col.capitalLine"),
    }),
    support: budgetTable(figures.supportLines, t, {
      sheet: t("report.sheet.support"),
      title: t("report.table.support"),
      lineLabel: labels.supportKind,
      firstColumn: t("report.col.supportKind"),
    }),
    loans: loansTable(figures, t, labels),
    countries: splitTable(
      t,
      { sheet: t("report.sheet.countries"), title: t("report.table.countries"), first: t("report.col.country") },
      figures.departuresByCountry.map(({ country, departed }) => [country === null ? t("report.row.notRecorded") : labels.country(country), departed]),
    ),
    programmes: splitTable(
      t,
      { sheet: t("report.sheet.programmes"), title: t("report.table.programmes"), first: t("report.col.programme") },
      figures.departuresByProgramme.map(({ programme, departed }) => [
        programme === null ? t("report.row.notRecorded") : labels.programme(programme),
        departed,
      ]),
    ),
    earlyReturns: splitTable(
      t,
      { sheet: t("report.sheet.returns"), title: t("report.table.returns"), first: t("report.col.reason") },
      figures.earlyReturns.map(({ reason, returned }) => [labels.returnReason(reason), returned]),
    ),
    communes: communesTable(figures, t, communeLabeller(plan, context.localities, t)),
  };
}

const splitCells = (value: Split): Cell[] => [value.worker, value.student, value.total];
const splitColumns = (t: ReportText) => [t("report.col.worker"), t("report.col.student"), t("report.col.total")];

function summaryTable(figures: ReportFigures, t: ReportText): ReportTable {
  const s = figures.summary;
  // Number, label, figure, unit: people, files (applications and decisions), or đồng.
  const summaryRows: [string, string, Split, "person" | "file" | "vnd"][] = [
    ["1", "registered", s.registered, "person"],
    ["2", "contacted", s.contacted, "person"],
    ["3", "eligible", s.eligible, "person"],
    ["4", "loanApplied", s.loanApplied, "file"],
    ["", "loanAppliedVnd", s.loanAppliedVnd, "vnd"],
    ["5", "loanApproved", s.loanApproved, "file"],
    ["", "loanApprovedVnd", s.loanApprovedVnd, "vnd"],
    ["6", "loanRefused", s.loanRefused, "file"],
    ["7", "loanDisbursedPeople", s.loanDisbursedPeople, "person"],
    ["", "loanDisbursedVnd", s.loanDisbursedVnd, "vnd"],
    ["8", "supportPaidPeople", s.supportPaidPeople, "person"],
    ["", "supportPaidVnd", s.supportPaidVnd, "vnd"],
    ["9", "departed", s.departed, "person"],
    ["", "departedUnrecorded", s.departedUnrecorded, "person"],
    ["10", "returnedEarly", s.returnedEarly, "person"],
    ["11", "returnedAtTerm", s.returnedAtTerm, "person"],
  ];
  return {
    sheet: t("report.sheet.summary"),
    title: t("report.table.summary"),
    columns: [t("report.col.number"), t("report.col.item"), t("report.col.unit"), ...splitColumns(t)],
    kinds: ["text", "text", "text", "count", "count", "count"],
    rows: summaryRows.map(([number, row, value, unit]) => [number, t(`report.row.${row}`), t(`report.unit.${unit}`), ...splitCells(value)]),
    boldRows: [],
    vndRows: summaryRows.flatMap(([, , , unit], index) => (unit === "vnd" ? [index] : [])),
  };
}

function targetsTable(figures: ReportFigures, t: ReportText): ReportTable {
  return {
    sheet: t("report.sheet.targets"),
    title: t("report.table.targets"),
    columns: [
      t("report.col.target"),
      t("report.col.targetPeriod"),
      t("report.col.planned"),
      t("report.col.inPeriod"),
      t("report.col.cumulativeFrom"),
      t("report.col.cumulative"),
      t("report.col.percentOfMinimum"),
      t("report.col.percentOfMaximum"),
    ],
    kinds: ["text", "text", "text", "count", "text", "count", "percent", "percent"],
    rows: figures.targets.map((target) => [
      t(`report.metric.${target.metric}`),
      target.period,
      target.maximum !== null ? `${formatNumber(target.minimum)} – ${formatNumber(target.maximum)}` : formatNumber(target.minimum),
      target.inPeriod,
      formatDay(target.cumulativeFrom),
      target.cumulative,
      target.percentOfMinimum,
      target.percentOfMaximum,
    ]),
    boldRows: [],
  };
}

function budgetTable(
  lines: BudgetLineUse[],
  t: ReportText,
  words: { sheet: string; title: string; lineLabel: (code: string) => string; firstColumn: string },
): ReportTable {
  const total = (pick: (line: BudgetLineUse) => number | null) =>
    lines.some((line) => pick(line) !== null) ? lines.reduce((sum, line) => sum + (pick(line) ?? 0), 0) : null;
  const budgetTotal = total((line) => line.budgetVnd);
  const cumulativeTotal = total((line) => line.cumulativeVnd) ?? 0;
  return {
    sheet: words.sheet,
    title: words.title,
    columns: [
      words.firstColumn,
      t("report.col.budget"),
      t("report.col.people"),
      t("report.col.amountInPeriod"),
      t("report.col.cumulativeFrom"),
      t("report.col.cumulativeAmount"),
      t("report.col.percentUsed"),
    ],
    kinds: ["text", "vnd", "count", "vnd", "text", "vnd", "percent"],
    rows: [
      ...lines.map((line) => [
        line.label ?? words.lineLabel(line.line),
        line.budgetVnd,
        line.people,
        line.amountVnd,
        formatDay(line.cumulativeFrom),
        line.cumulativeVnd,
        line.percentUsed,
      ]),
      [
        t("report.row.total"),
        budgetTotal,
        lines.reduce((sum, line) => sum + line.people, 0),
        lines.reduce((sum, line) => sum + line.amountVnd, 0),
        "",
        cumulativeTotal,
        budgetTotal ? Math.round((cumulativeTotal / budgetTotal) * 1000) / 10 : null,
      ],
    ],
    boldRows: [lines.length],
  };
}

function loansTable(figures: ReportFigures, t: ReportText, labels: OutcomeLabels): ReportTable {
  const programmeTotals = figures.loanProgrammes.reduce(
    (sum, row) => ({
      applied: sum.applied + row.applied,
      appliedVnd: sum.appliedVnd + row.appliedVnd,
      approved: sum.approved + row.approved,
      approvedVnd: sum.approvedVnd + row.approvedVnd,
      refused: sum.refused + row.refused,
      disbursedPeople: sum.disbursedPeople + row.disbursedPeople,
      disbursedVnd: sum.disbursedVnd + row.disbursedVnd,
    }),
    { applied: 0, appliedVnd: 0, approved: 0, approvedVnd: 0, refused: 0, disbursedPeople: 0, disbursedVnd: 0 },
  );
  const loanRow = (label: string, row: typeof programmeTotals): Cell[] => [
    label,
    row.applied,
    row.appliedVnd,
    row.approved,
    row.approvedVnd,
    row.refused,
    row.disbursedPeople,
    row.disbursedVnd,
  ];
  return {
    sheet: t("report.sheet.loans"),
    title: t("report.table.loans"),
    columns: [
      t("report.col.loanProgramme"),
      t("report.col.applied"),
      t("report.col.appliedVnd"),
      t("report.col.approved"),
      t("report.col.approvedVnd"),
      t("report.col.refused"),
      t("report.col.disbursedPeople"),
      t("report.col.disbursedVnd"),
    ],
    kinds: ["text", "count", "vnd", "count", "vnd", "count", "count", "vnd"],
    rows: [...figures.loanProgrammes.map((row) => loanRow(labels.loanProgramme(row.programme), row)), loanRow(t("report.row.total"), programmeTotals)],
    boldRows: [figures.loanProgrammes.length],
  };
}

/** Workers, students and both, by what the first column names, with a total row. */
function splitTable(t: ReportText, words: { sheet: string; title: string; first: string }, rows: [string, Split][]): ReportTable {
  const total = rows.reduce((sum, [, value]) => ({ worker: sum.worker + value.worker, student: sum.student + value.student, total: sum.total + value.total }), {
    worker: 0,
    student: 0,
    total: 0,
  });
  return {
    sheet: words.sheet,
    title: words.title,
    columns: [words.first, ...splitColumns(t)],
    kinds: ["text", "count", "count", "count"],
    rows: [...rows.map(([label, value]) => [label, ...splitCells(value)]), [t("report.row.total"), ...splitCells(total)]],
    boldRows: [rows.length],
  };
}

/** A commune's name, with the former communes merged into it in 2025. */
function communeLabeller(plan: Plan, localities: Localities, t: ReportText) {
  const former = new Map(localities.formerCommunes(plan.province).map((commune) => [commune.key, commune]));
  return (key: string | null, name: string | null) => {
    if (key === null) return t("report.row.communeUnknown");
    const merged = former.get(key);
    return merged ? t("report.row.communeWithFormer", { name: merged.name, former: merged.formerNames.join(", ") }) : (name ?? key);
  };
}

function communesTable(figures: ReportFigures, t: ReportText, communeLabel: (key: string | null, name: string | null) => string): ReportTable {
  const communeTotals = figures.communes.reduce(
    (sum, row) => ({
      registered: sum.registered + row.registered,
      worker: sum.worker + row.departed.worker,
      student: sum.student + row.departed.student,
      total: sum.total + row.departed.total,
      disbursedVnd: sum.disbursedVnd + row.disbursedVnd,
    }),
    { registered: 0, worker: 0, student: 0, total: 0, disbursedVnd: 0 },
  );
  return {
    sheet: t("report.sheet.communes"),
    title: t("report.table.communes"),
    columns: [
      t("report.col.commune"),
      t("report.col.registered"),
      t("report.col.departedWorker"),
      t("report.col.departedStudent"),
      t("report.col.departedTotal"),
      t("report.col.disbursedVnd"),
    ],
    kinds: ["text", "count", "count", "count", "count", "vnd"],
    rows: [
      ...figures.communes.map((row) => [
        communeLabel(row.communeKey, row.communeName),
        row.registered,
        row.departed.worker,
        row.departed.student,
        row.departed.total,
        row.disbursedVnd,
      ]),
      [t("report.row.total"), communeTotals.registered, communeTotals.worker, communeTotals.student, communeTotals.total, communeTotals.disbursedVnd],
    ],
    boldRows: [figures.communes.length],
  };
}
