import type { Plan } from "../plans/index.js";
import type { Localities, OutcomeLabels } from "../registrations/index.js";
import type { ReportText } from "./catalogue.js";
import type { ReportFigures } from "./figures.js";
import { formatDay } from "./format.js";
import type { ReportPeriod } from "./period.js";
import type { ReportModel, ReportParties } from "./report-model.js";
import { reportTables } from "./report-tables.js";

/** Turns the figures into the report's words and tables; every label comes from a catalogue. */
export function layoutReport(
  figures: ReportFigures,
  context: { plan: Plan; parties: ReportParties; t: ReportText; labels: OutcomeLabels; localities: Localities },
): ReportModel {
  const { plan, parties, t } = context;
  const periodLabel = periodLabelOf(figures.period, t);
  const place = parties.communeName ? t("report.subject.place", { place: parties.communeName }) : "";
  const { summary, targets, capital, support, loans, countries, programmes, earlyReturns, communes } = reportTables(figures, context);

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
