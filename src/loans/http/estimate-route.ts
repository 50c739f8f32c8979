import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { assessProgramme, sourceIdsOfProgramme, sourcesOf, type LoanCase } from "../index.js";
import { MAX_AMOUNT_VND, MAX_DURATION_MONTHS } from "../index.js";
import { parseRequest } from "../../server/index.js";
import { repaymentMethods, repaymentPlan } from "../index.js";
import { applicantKinds, provinces, type LoanRules } from "../index.js";

/**
 * `POST /api/loans/estimate`: the loan check without the conversation, for the web page
 * and partners. Accepted values come from the rules, so a new programme or group in
 * `content/loans/` is accepted here without a code change.
 */
export function registerLoanEstimateRoute(app: FastifyInstance, options: { rules: LoanRules; now?: () => Date }) {
  const { rules } = options;
  const now = options.now ?? (() => new Date());
  const programmeIds = rules.programmes.map((programme) => programme.id) as [string, ...string[]];
  const groups = rules.groups as [string, ...string[]];
  const oneOf = (values: readonly string[]) => ({ error: `must be one of: ${values.join(", ")}` });

  const estimateRequest = z
    .strictObject({
      amount: z
        .number({ error: "must be a number of VND" })
        .int("must be a whole number of VND")
        .positive("must be above 0")
        .max(MAX_AMOUNT_VND, `must be at most ${MAX_AMOUNT_VND} VND`),
      months: z
        .number({ error: "must be a whole number of months" })
        .int("must be a whole number of months")
        .positive("must be at least 1")
        .max(MAX_DURATION_MONTHS, `must be at most ${MAX_DURATION_MONTHS}`),
      group: z.enum(groups, oneOf(groups)),
      programme: z.enum(programmeIds, oneOf(programmeIds)),
      method: z.enum(repaymentMethods, oneOf(repaymentMethods)).default("equal-principal"),
      stateSupport: z.number({ error: "must be a number of VND" }).int("must be a whole number of VND").min(0, "must be 0 or more").default(0),
      applicant: z.enum(applicantKinds, oneOf(applicantKinds)).optional(),
      province: z.enum(provinces, oneOf(provinces)).optional(),
    })
    .refine((body) => body.stateSupport <= body.amount, { message: "must not be above amount", path: ["stateSupport"] });

  app.post("/api/loans/estimate", async (request, reply) => {
    const body = parseRequest(estimateRequest, request.body, reply);
    if (!body) return reply;
    const programme = rules.programmes.find((candidate) => candidate.id === body.programme)!;
    const loanCase: LoanCase = {
      applicant: body.applicant ?? programme.applicants[0]!,
      province: body.province ?? (programme.provinces === "any" ? "other" : programme.provinces[0]!),
      group: body.group,
      costVnd: body.amount,
      stateSupportVnd: body.stateSupport,
      contractMonths: body.months,
      // For the deposit loan the amount is the deposit itself.
      depositVnd: body.amount,
    };
    const assessment = assessProgramme(rules, programme, loanCase, now());
    const { maxLoan, collateral, rate, term } = assessment;
    const eligible = assessment.eligibility === "yes";
    const plan =
      assessment.eligibility !== "no" && maxLoan.known && maxLoan.vnd > 0 && rate.known && term.known
        ? repaymentPlan({ principal: maxLoan.vnd, months: term.maxMonths, annualRatePercent: rate.annualPercent, method: body.method })
        : undefined;
    const rateConfirmed = rate.known && rate.status === "confirmed" && rate.valueStatus === "confirmed" && rate.groupStatus === "confirmed";
    return {
      eligible,
      eligibility: assessment.eligibility,
      reasons: assessment.reasons,
      maxLoan: maxLoan.known ? maxLoan.vnd : null,
      collateralRequired: collateral.known ? collateral.required : null,
      annualRatePercent: rate.known ? rate.annualPercent : null,
      rateBasis: rate.known
        ? `${rate.sharePercent}% of the poor-household lending rate${rate.basis === "priority" ? " (priority group)" : ""}`
        : "not confirmed: ask the NHCSXH transaction office",
      rateStatus: rate.known ? (rateConfirmed ? "confirmed" : "not-confirmed") : "unknown",
      poorHouseholdRatePercent: rate.known ? rate.poorHouseholdPercent : null,
      overdueRatePercent: assessment.overdue.known ? (assessment.overdue.annualPercent ?? null) : null,
      maxMonths: term.known ? term.maxMonths : null,
      method: body.method,
      schedule: plan?.instalments ?? [],
      totalInterest: plan?.totalInterest ?? null,
      totalPaid: plan?.totalPaid ?? null,
      sources: sourcesOf(rules, sourceIdsOfProgramme(assessment)).map(({ grade: _grade, ...source }) => source),
    };
  });
}
