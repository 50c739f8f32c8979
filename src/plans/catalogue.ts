import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export const METRICS = ["people", "loan_vnd"] as const;
export type Metric = (typeof METRICS)[number];

/** "2024" or a range of years "2021-2025". */
export const periodPattern = /^\d{4}(-\d{4})?$/;

const amount = z.number().int().nonnegative();

const budget = z.strictObject({
  period: z.string().regex(periodPattern),
  lines: z.array(z.strictObject({ line: z.string().min(2), label: z.string().min(2), amountVnd: amount })).min(1),
});

const scheduleItem = z.discriminatedUnion("every", [
  z.strictObject({
    what: z.string().min(3),
    every: z.literal("month"),
    day: z.number().int().min(1).max(31),
    source: z.string().min(3),
    confirmed: z.boolean(),
  }),
  z.strictObject({
    what: z.string().min(3),
    every: z.literal("year"),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    source: z.string().min(3),
    confirmed: z.boolean(),
  }),
]);
export type ScheduleItem = z.infer<typeof scheduleItem>;

const plan = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(5),
  province: z.string().regex(/^[a-z-]+$/),
  note: z.string().optional(),
  source: z.strictObject({ document: z.string().min(5), article: z.string().min(2), confidence: z.enum(["A", "B", "C", "SEED"]) }),
  loanBudget: budget.optional(),
  /** Support paid to people (line = a support kind of the outcomes, e.g. initial_cost). */
  supportBudget: budget.optional(),
  /** The period report's defaults; staff change them for each report. */
  report: z
    .strictObject({
      /** The header's lines: parent bodies first, the reporting body last. */
      reportingBody: z.array(z.string().min(2).max(120)).min(1).max(3),
      recipient: z.string().min(2).max(200),
      /** Whom a commune or ward reports to. */
      communeRecipient: z.string().min(2).max(200),
      copies: z.array(z.string().min(2).max(200)).default([]),
    })
    .optional(),
  schedule: z.array(scheduleItem),
  targets: z.array(
    z
      .strictObject({ period: z.string().regex(periodPattern), metric: z.enum(METRICS), minimum: amount, maximum: amount.optional() })
      .refine((target) => target.maximum === undefined || target.maximum >= target.minimum, "maximum must not be below minimum"),
  ),
});
export type Plan = z.infer<typeof plan>;

const plansFile = z.strictObject({ plans: z.array(plan).min(1) }).superRefine((file, context) => {
  const codes = new Set<string>();
  for (const [index, { code }] of file.plans.entries()) {
    if (codes.has(code)) context.addIssue({ code: "custom", path: ["plans", index, "code"], message: `plan ${code} is defined twice` });
    codes.add(code);
  }
});

/** content/plans/plans.yaml, checked; `knownProvince` refuses a province code that does not exist. */
export function loadPlans(file: string, knownProvince: (code: string) => boolean): Plan[] {
  const parsed = plansFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  for (const [index, entry] of (parsed.data?.plans ?? []).entries()) {
    if (!knownProvince(entry.province)) problems.push(`plans.${index}.province ${entry.province} is not a province code of localities.yaml`);
  }
  if (problems.length) throw new Error(`${file}: ${problems.join("; ")}`);
  return parsed.data!.plans;
}

/** The calendar years of a period, in Vietnam time: "2021-2025" → 1/1/2021 to 1/1/2026. */
export function periodWindow(period: string): { from: Date; to: Date } {
  const [first, last = first] = period.split("-").map(Number) as [number, number?];
  const offset = 7 * 3600_000;
  return { from: new Date(Date.UTC(first, 0, 1) - offset), to: new Date(Date.UTC(last!, 11 + 1, 1) - offset) };
}
