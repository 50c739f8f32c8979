import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/**
 * The loan rules as data (`content/loans/*.yaml`), validated at load so a curator's typo
 * stops the start-up with the file and field named instead of reaching a family.
 */

export const applicantKinds = ["contract-worker", "eps", "work-study"] as const;
export type ApplicantKind = (typeof applicantKinds)[number];

export const provinces = ["hue", "can-tho", "other"] as const;
export type Province = (typeof provinces)[number];

export const ruleStatuses = ["confirmed", "not-confirmed"] as const;
export type RuleStatus = (typeof ruleStatuses)[number];

const id = z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and -");
// "2025", "2025-12" or "2025-12-27": press summaries often give only a month.
const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "use YYYY, YYYY-MM or YYYY-MM-DD");
const isoDate = z.iso.date();
const status = z.enum(ruleStatuses);
const sourceIds = z.array(id).min(1, "give at least one source");
const vnd = z.number().int().positive();

const sourceSchema = z.strictObject({
  document: z.string().min(1),
  title: z.string().optional(),
  article: z.string().optional(),
  issuer: z.string().min(1),
  date: partialDate,
  url: z.url().optional(),
  grade: z.enum(["A", "B", "C", "SEED"]),
});

const unknownRule = z.strictObject({ rule: z.literal("not-confirmed"), sources: sourceIds });

const programmeSchema = z.strictObject({
  id,
  validFrom: isoDate,
  validTo: isoDate.optional(),
  applicants: z.array(z.enum(applicantKinds)).min(1),
  provinces: z.union([z.literal("any"), z.array(z.enum(provinces)).min(1)]),
  eligibility: z.strictObject({
    groups: z.union([z.literal("all"), z.array(id).min(1)]),
    otherGroups: z.enum(["not-eligible", "not-confirmed"]).default("not-eligible"),
    status,
    sources: sourceIds,
  }),
  maxLoan: z.discriminatedUnion("rule", [
    z.strictObject({ rule: z.literal("share-of-net-cost"), percentOfNetCost: z.number().positive().max(100), status, sources: sourceIds }),
    z.strictObject({ rule: z.literal("deposit-amount"), capVnd: vnd, status, sources: sourceIds }),
    unknownRule,
  ]),
  collateral: z.discriminatedUnion("rule", [z.strictObject({ rule: z.literal("above"), thresholdVnd: vnd, status, sources: sourceIds }), unknownRule]),
  rate: z.discriminatedUnion("rule", [
    z.strictObject({
      rule: z.literal("share-of-poor-household-rate"),
      standardPercent: z.number().positive(),
      priorityPercent: z.number().positive(),
      priorityGroups: z.array(id),
      standardGroups: z.array(id),
      status,
      priorityListStatus: status,
      sources: sourceIds,
    }),
    unknownRule,
  ]),
  overdue: z.discriminatedUnion("rule", [
    z.strictObject({ rule: z.literal("share-of-loan-rate"), percent: z.number().positive(), status, sources: sourceIds }),
    unknownRule,
  ]),
  term: z.discriminatedUnion("rule", [
    z.strictObject({
      rule: z.literal("at-most"),
      capMonths: z.number().int().positive().optional(),
      withinContract: z.boolean(),
      status,
      sources: sourceIds,
    }),
    unknownRule,
  ]),
  documents: z.strictObject({ items: z.array(id).min(1), status, sources: sourceIds }),
  whereToApply: z.strictObject({ status, sources: sourceIds }),
  /** Knowledge entries worth offering as follow-up buttons (`kb:<id>`). */
  knowledge: z.array(id).default([]),
});

const otherHelpSchema = z.strictObject({
  id,
  applicants: z.array(z.enum(applicantKinds)).min(1),
  provinces: z.union([z.literal("any"), z.array(z.enum(provinces)).min(1)]),
  groups: z.union([z.literal("all"), z.array(id).min(1)]),
  status,
  sources: sourceIds,
  knowledge: id.optional(),
});

const poorHouseholdRateSchema = z.strictObject({
  annualPercent: z.number().positive().max(100),
  status,
  asOf: partialDate,
  sources: sourceIds,
  otherReports: z.array(z.strictObject({ annualPercent: z.number().positive().max(100), from: partialDate, sources: sourceIds })).default([]),
});

const files = {
  "sources.yaml": z.strictObject({ sources: z.record(id, sourceSchema) }),
  "rates.yaml": z.strictObject({ poorHouseholdRate: poorHouseholdRateSchema }),
  "priority-groups.yaml": z.strictObject({ groups: z.array(z.strictObject({ id })).min(1) }),
  "programmes.yaml": z.strictObject({ programmes: z.array(programmeSchema).min(1), otherHelp: z.array(otherHelpSchema).default([]) }),
};

export type LoanSource = z.infer<typeof sourceSchema>;
export type Programme = z.infer<typeof programmeSchema>;
export type OtherHelp = z.infer<typeof otherHelpSchema>;
export type PoorHouseholdRate = z.infer<typeof poorHouseholdRateSchema>;

export interface LoanRules {
  sources: Record<string, LoanSource>;
  poorHouseholdRate: PoorHouseholdRate;
  /** Priority group ids in the order they are offered; `none` is one of them. */
  groups: string[];
  programmes: Programme[];
  otherHelp: OtherHelp[];
}

export class LoanRulesInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoanRulesInvalid";
  }
}

/** Reads and checks `content/loans/`. Throws `LoanRulesInvalid` naming the file and field. */
export function loadLoanRules(dir: string): LoanRules {
  const read = <K extends keyof typeof files>(name: K): z.infer<(typeof files)[K]> => {
    const full = path.join(dir, name);
    const parsed = files[name].safeParse(parse(fs.readFileSync(full, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LoanRulesInvalid(`${full}: ${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data as z.infer<(typeof files)[K]>;
  };
  return checkLoanRules({
    sources: read("sources.yaml").sources,
    poorHouseholdRate: read("rates.yaml").poorHouseholdRate,
    groups: read("priority-groups.yaml").groups.map((group) => group.id),
    ...read("programmes.yaml"),
  });
}

/** Cross-file checks zod cannot see: every reference points at something that exists. */
export function checkLoanRules(rules: LoanRules): LoanRules {
  const problems: string[] = [];
  const knownGroups = new Set(rules.groups);
  const checkSources = (where: string, ids: string[]) => {
    for (const sourceId of ids) if (!rules.sources[sourceId]) problems.push(`${where}: unknown source "${sourceId}"`);
  };
  const checkGroups = (where: string, ids: string[] | "all") => {
    if (ids === "all") return;
    for (const groupId of ids) if (!knownGroups.has(groupId)) problems.push(`${where}: unknown group "${groupId}"`);
  };
  if (!knownGroups.has("none")) problems.push('priority-groups.yaml: the group "none" is required');
  if (new Set(rules.programmes.map((p) => p.id)).size !== rules.programmes.length) problems.push("programmes.yaml: duplicate programme id");
  checkSources("rates.yaml poorHouseholdRate", rules.poorHouseholdRate.sources);
  for (const report of rules.poorHouseholdRate.otherReports) checkSources("rates.yaml otherReports", report.sources);
  for (const programme of rules.programmes) {
    const where = `programmes.yaml ${programme.id}`;
    for (const part of ["eligibility", "maxLoan", "collateral", "rate", "overdue", "term", "documents", "whereToApply"] as const) {
      checkSources(`${where} ${part}`, programme[part].sources);
    }
    checkGroups(`${where} eligibility`, programme.eligibility.groups);
    if (programme.rate.rule === "share-of-poor-household-rate") {
      checkGroups(`${where} rate.priorityGroups`, programme.rate.priorityGroups);
      checkGroups(`${where} rate.standardGroups`, programme.rate.standardGroups);
    }
  }
  for (const help of rules.otherHelp) {
    checkSources(`programmes.yaml otherHelp ${help.id}`, help.sources);
    checkGroups(`programmes.yaml otherHelp ${help.id}`, help.groups);
  }
  if (problems.length) throw new LoanRulesInvalid(problems.join("\n"));
  return rules;
}

/** Every text key the rules need from the locale files, so a test can prove none is missing. */
export function textKeysOfRules(rules: LoanRules): string[] {
  return [
    ...rules.groups.map((group) => `loan.group.${group}`),
    ...rules.programmes.flatMap((programme) => [
      `loan.programme.${programme.id}.name`,
      `loan.programme.${programme.id}.where`,
      `loan.programme.${programme.id}.ask`,
      `loan.programme.${programme.id}.condition`,
      ...programme.documents.items.map((item) => `loan.document.${item}`),
      ...programme.knowledge.map((entryId) => `loan.kb.${entryId}`),
    ]),
    ...rules.otherHelp.flatMap((help) => [`loan.help.${help.id}`, ...(help.knowledge ? [`loan.kb.${help.knowledge}`] : [])]),
  ];
}
