import { z } from "zod";

/** `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the source gives no day. */
const partialDate = z
  .union([z.string(), z.date(), z.number().int()], { error: "must be a date YYYY-MM-DD (or YYYY-MM, YYYY)" })
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)))
  .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be YYYY-MM-DD (or YYYY-MM, YYYY when the day is unknown)"));
const fullDate = z
  .union([z.string(), z.date()], { error: "must be a date YYYY-MM-DD" })
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"));
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case ASCII, e.g. loan-max-amount");

export const sourceSchema = z.object({
  document: z.string().trim().min(3, "must name the document (number or outlet)"),
  title: z.string().trim().min(3, "must give the document's title"),
  article: z.string().trim().min(1, "must give the article/clause, or say which part is cited"),
  issuer: z.string().trim().min(2, "must name who issued it"),
  date: partialDate,
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
});

export const jurisdictions = ["national", "hue", "can-tho"] as const;

export const entrySchema = z
  .object({
    id,
    /** Former ids of entries merged into this one: links, buttons and logs that name them still reach it. */
    aliases: z.array(id).default([]),
    title: z.string().trim().min(5),
    questions: z.array(z.string().trim().min(3)).min(4, "needs a canonical question and at least three paraphrases"),
    answer: z.string().trim().min(20).max(1000, "must be under 1,000 characters to read well on a phone"),
    details: z.string().trim().max(4000).optional(),
    sources: z.array(sourceSchema, { error: "must list at least one source" }).min(1, "must list at least one source"),
    status: z.enum(["confirmed", "not-confirmed"]),
    askOffice: z.string().trim().min(3).optional(),
    /** The day a rule took effect, as a source gives it (kb:check asks where it comes from). */
    validFrom: fullDate.optional(),
    /**
     * The last day a rule applied; the bot then says it only explains older cases. Not for a
     * plan's targets or a period's figures: those are the history of a plan, not a lapsed rule.
     */
    validUntil: fullDate.optional(),
    supersededBy: id.optional(),
    jurisdiction: z.enum(jurisdictions),
    topics: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
    followUps: z.array(id).max(5).default([]),
    /**
     * For entries that differ only by the loan amount (collateral above 200 million): the
     * amounts this entry is about, in VND. A question naming an amount ranks the matching one first.
     */
    loanAmount: z
      .object({ above: z.number().int().positive().optional(), upTo: z.number().int().positive().optional() })
      .strict()
      .refine((amount) => amount.above !== undefined || amount.upTo !== undefined, "needs `above` or `upTo`")
      .optional(),
    reviewedAt: fullDate,
    /** Remarks for curators only (what to check, how sure a figure is): never shown to citizens. */
    curatorNote: z.string().trim().min(3).optional(),
  })
  .strict()
  .superRefine((entry, context) => {
    if (entry.status === "not-confirmed" && !entry.askOffice) {
      context.addIssue({ code: "custom", path: ["askOffice"], message: "is required when status is not-confirmed: say whom to ask" });
    }
    if (entry.validFrom && entry.validUntil && entry.validUntil < entry.validFrom) {
      context.addIssue({ code: "custom", path: ["validUntil"], message: "is before validFrom" });
    }
  });

export type KnowledgeEntry = z.infer<typeof entrySchema>;
export type EntrySource = z.infer<typeof sourceSchema>;
export type Jurisdiction = (typeof jurisdictions)[number];

export const contentFileSchema = z.object({ entries: z.array(z.unknown()) }).strict();
