import type { Plan } from "../plans/index.js";
import type { Localities, OutcomeLabels } from "../registrations/index.js";
import type { ReportText } from "./catalogue.js";
import type { BudgetLineUse, ReportFigures, Split } from "./figures.js";
import type { ReportPeriod } from "./period.js";

export type CellKind = "text" | "count" | "vnd" | "percent";
export type Cell = string | number | null;

/** A table of the report, already in words: the DOCX and the XLSX both draw it. */
export interface ReportTable {
  /** A short name for the spreadsheet's tab (at most 31 characters). */
  sheet: string;
  title: string;
  columns: string[];
  kinds: CellKind[];
  rows: Cell[][];
  /** Rows drawn in bold (totals). */
  boldRows: number[];
  /** Rows whose numbers are đồng although their columns say counts (the summary's money rows). */
  vndRows?: number[];
}

export interface ReportSection {
  heading: string;
  /** Numbered sub-headings with their paragraphs and tables, in order. */
  parts: { heading?: string; paragraphs: string[]; tables: ReportTable[]; notes: string[] }[];
  /** A section for staff to write: this many dotted lines under the heading. */
  blankLines?: number;
}

/** The whole report in words, independent of the file format. */
export interface ReportModel {
  reportingBody: string[];
  numberLine: string;
  placeDateLine: string;
  nationalTitle: string;
  nationalMotto: string;
  title: string;
  subject: string;
  recipientLine: string;
  intro: string[];
  sections: ReportSection[];
  closing: string;
  copiesTitle: string;
  copies: string[];
  signature: string[];
  /** How each figure is counted: the spreadsheet's notes sheet. */
  method: string[];
}

export interface ReportParties {
  reportingBody: string[];
  recipient: string;
  copies: string[];
  communeName?: string;
}

/** Turns the figures into the report's words and tables; every label comes from a catalogue. */
export function layoutReport(
  figures: ReportFigures,
  context: { plan: Plan; parties: ReportParties; t: ReportText; labels: OutcomeLabels; localities: Localities },
): ReportModel {
  const { plan, parties, t, labels } = context;
  const periodLabel = periodLabelOf(figures.period, t);
  const place = parties.communeName ? t("report.subject.place", { place: parties.communeName }) : "";
  const s = figures.summary;
  const split = (value: Split): Cell[] => [value.worker, value.student, value.total];
  const groups = [t("report.col.worker"), t("report.col.student"), t("report.col.total")];

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
  const summary: ReportTable = {
    sheet: t("report.sheet.summary"),
    title: t("report.table.summary"),
    columns: [t("report.col.number"), t("report.col.item"), t("report.col.unit"), ...groups],
    kinds: ["text", "text", "text", "count", "count", "count"],
    rows: summaryRows.map(([number, row, value, unit]) => [number, t(`report.row.${row}`), t(`report.unit.${unit}`), ...split(value)]),
    boldRows: [],
    vndRows: summaryRows.flatMap(([, , , unit], index) => (unit === "vnd" ? [index] : [])),
  };

  const targets: ReportTable = {
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

  const budgetTable = (lines: BudgetLineUse[], sheet: string, title: string, lineLabel: (code: string) => string, firstColumn: string): ReportTable => {
    const total = (pick: (line: BudgetLineUse) => number | null) =>
      lines.some((line) => pick(line) !== null) ? lines.reduce((sum, line) => sum + (pick(line) ?? 0), 0) : null;
    const budgetTotal = total((line) => line.budgetVnd);
    const cumulativeTotal = total((line) => line.cumulativeVnd) ?? 0;
    return {
      sheet,
      title,
      columns: [
        firstColumn,
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
          line.label ?? lineLabel(line.line),
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
  };
  const capital = budgetTable(figures.capitalLines, t("report.sheet.capital"), t("report.table.capital"), labels.capitalLine, t("report.col.capitalLine"));
  const support = budgetTable(figures.supportLines, t("report.sheet.support"), t("report.table.support"), labels.supportKind, t("report.col.supportKind"));
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
  const loans: ReportTable = {
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

  const splitTable = (sheet: string, title: string, first: string, rows: [string, Split][]): ReportTable => {
    const total = rows.reduce(
      (sum, [, value]) => ({ worker: sum.worker + value.worker, student: sum.student + value.student, total: sum.total + value.total }),
      { worker: 0, student: 0, total: 0 },
    );
    return {
      sheet,
      title,
      columns: [first, ...groups],
      kinds: ["text", "count", "count", "count"],
      rows: [...rows.map(([label, value]) => [label, ...split(value)]), [t("report.row.total"), ...split(total)]],
      boldRows: [rows.length],
    };
  };
  const countries = splitTable(
    t("report.sheet.countries"),
    t("report.table.countries"),
    t("report.col.country"),
    figures.departuresByCountry.map(({ country, departed }) => [country === null ? t("report.row.notRecorded") : labels.country(country), departed]),
  );
  const programmes = splitTable(
    t("report.sheet.programmes"),
    t("report.table.programmes"),
    t("report.col.programme"),
    figures.departuresByProgramme.map(({ programme, departed }) => [programme === null ? t("report.row.notRecorded") : labels.programme(programme), departed]),
  );
  const earlyReturns = splitTable(
    t("report.sheet.returns"),
    t("report.table.returns"),
    t("report.col.reason"),
    figures.earlyReturns.map(({ reason, returned }) => [labels.returnReason(reason), returned]),
  );

  const former = new Map(context.localities.formerCommunes(plan.province).map((commune) => [commune.key, commune]));
  const communeLabel = (key: string | null, name: string | null) => {
    if (key === null) return t("report.row.communeUnknown");
    const merged = former.get(key);
    return merged ? t("report.row.communeWithFormer", { name: merged.name, former: merged.formerNames.join(", ") }) : (name ?? key);
  };
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
  const communes: ReportTable = {
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

  const localityNotes = localityNotesOf(plan, context.localities, t);
  const running = figures.countedUntil < figures.period.lastDay;
  return {
    reportingBody: parties.reportingBody,
    numberLine: t("report.number"),
    placeDateLine: t("report.placeDate"),
    nationalTitle: t("report.nationalTitle"),
    nationalMotto: t("report.nationalMotto"),
    title: t("report.title"),
    subject: t("report.subject", { plan: plan.name, period: periodLabel, place }),
    recipientLine: t("report.recipient", { recipient: parties.recipient }),
    intro: [
      t("report.intro", { plan: plan.name, period: periodLabel, place }),
      t(running ? "report.countedUntilRunning" : "report.countedUntil", { date: formatDay(figures.countedUntil) }),
      ...(parties.communeName ? [t("report.communeScope", { place: parties.communeName })] : []),
    ],
    sections: [
      {
        heading: t("report.section.results"),
        parts: [
          { heading: t("report.part.summary"), paragraphs: [], tables: [summary], notes: [] },
          {
            heading: t("report.part.targets"),
            paragraphs: figures.targets.length ? [] : [t("report.noTargets", { year: figures.period.year })],
            tables: figures.targets.length ? [targets] : [],
            notes: parties.communeName && figures.targets.some((target) => target.communeKey === null) ? [t("report.targetsCommuneNote")] : [],
          },
          {
            heading: t("report.part.money"),
            paragraphs: figures.capitalLines.some((line) => line.budgetVnd !== null) ? [] : [t("report.noLoanBudget", { year: figures.period.year })],
            tables: [capital, loans, support],
            notes: [],
          },
          { heading: t("report.part.departures"), paragraphs: [], tables: [countries, programmes], notes: [] },
          { heading: t("report.part.communes"), paragraphs: [], tables: [communes], notes: localityNotes },
          {
            heading: t("report.part.returns"),
            paragraphs: figures.earlyReturns.length ? [] : [t("report.noEarlyReturns")],
            tables: figures.earlyReturns.length ? [earlyReturns] : [],
            notes: [],
          },
        ],
      },
      { heading: t("report.section.difficulties"), parts: [], blankLines: 5 },
      { heading: t("report.section.proposals"), parts: [], blankLines: 5 },
    ],
    closing: t("report.closing", { period: periodLabel, place }),
    copiesTitle: t("report.copiesTitle"),
    copies: [t("report.copies.asAbove"), ...parties.copies.map((copy) => t("report.copies.item", { copy })), t("report.copies.archive")],
    signature: [t("report.signature.title"), t("report.signature.sign"), t("report.signature.name")],
    method: [
      t("report.method.registered"),
      t("report.method.stages"),
      t("report.method.outcomes"),
      t("report.method.departures"),
      t("report.method.targets"),
      t("report.method.budget"),
      t("report.method.area"),
    ],
  };
}

/** The 2025 reorganisation, said where the figures by place are: the province's former names, the merged communes. */
function localityNotesOf(plan: Plan, localities: Localities, t: ReportText): string[] {
  const notes: string[] = [];
  if (plan.note) notes.push(plan.note.trim());
  const province = localities.byCode(plan.province);
  if (province?.since) notes.push(t("report.note.province", { province: province.name, since: formatDay(province.since), basis: province.basis ?? "" }));
  for (const commune of localities.formerCommunes(plan.province)) {
    notes.push(t(commune.confirmed ? "report.note.commune" : "report.note.communeUnconfirmed", { name: commune.name, former: commune.formerNames.join(", ") }));
  }
  return notes;
}

export function periodLabelOf(period: ReportPeriod, t: ReportText): string {
  switch (period.kind) {
    case "month":
      return t("report.period.month", { month: period.part!, year: period.year });
    case "half":
      return t(period.part === 1 ? "report.period.firstHalf" : "report.period.secondHalf", { year: period.year });
    default:
      return t("report.period.year", { year: period.year });
  }
}

/** 2024-06-12 → 12/06/2024 */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

/** 1234567 → "1.234.567", as Vietnamese documents write numbers. */
export function formatNumber(value: number): string {
  return value.toLocaleString("de-DE");
}

/** 12.5 → "12,5" */
export function formatPercent(value: number): string {
  return value.toLocaleString("de-DE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
