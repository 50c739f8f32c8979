/**
 * Illustrative repayment plans in whole đồng. The bank sets the real schedule (repayment
 * periods, grace before the first payment, interest on actual days); these plans show the
 * order of magnitude a family can expect.
 *
 * Rounding, stated once: each month's interest is balance × annual rate ÷ 12, rounded half
 * up to the đồng; the monthly principal is rounded down to the đồng and the last month pays
 * whatever principal is left, so the principal always sums exactly to the loan.
 */

export const repaymentMethods = ["equal-principal", "annuity"] as const;
export type RepaymentMethod = (typeof repaymentMethods)[number];

export interface Instalment {
  month: number;
  principal: number;
  interest: number;
  /** principal + interest */
  payment: number;
  /** What is still owed after this month's payment. */
  balance: number;
}

export interface RepaymentPlan {
  method: RepaymentMethod;
  principal: number;
  months: number;
  annualRatePercent: number;
  instalments: Instalment[];
  totalInterest: number;
  totalPaid: number;
}

/**
 * `equal-principal` (dư nợ giảm dần): the same principal every month, interest on the
 * balance, so payments fall over time. `annuity` (trả góp đều): the same payment every
 * month except the last, which settles the rounding.
 */
export function repaymentPlan(input: { principal: number; months: number; annualRatePercent: number; method: RepaymentMethod }): RepaymentPlan {
  const { principal, months, annualRatePercent, method } = input;
  if (!Number.isSafeInteger(principal) || principal <= 0) throw new RangeError("principal must be a positive whole number of đồng");
  if (!Number.isSafeInteger(months) || months <= 0) throw new RangeError("months must be a positive whole number");
  if (!Number.isFinite(annualRatePercent) || annualRatePercent < 0) throw new RangeError("the rate must be zero or positive");

  const monthlyInterestOn = interestCalculator(annualRatePercent);
  const level = method === "annuity" ? annuityPayment(principal, months, annualRatePercent) : undefined;
  const equalShare = Math.floor(principal / months);

  const instalments: Instalment[] = [];
  let balance = principal;
  for (let month = 1; month <= months; month++) {
    const interest = monthlyInterestOn(balance);
    let repaid: number;
    if (month === months) repaid = balance;
    else if (level === undefined) repaid = equalShare;
    else repaid = Math.min(balance, Math.max(0, level - interest));
    balance -= repaid;
    instalments.push({ month, principal: repaid, interest, payment: repaid + interest, balance });
  }
  const totalInterest = instalments.reduce((sum, row) => sum + row.interest, 0);
  return { method, principal, months, annualRatePercent, instalments, totalInterest, totalPaid: principal + totalInterest };
}

/**
 * Exact half-up rounding of balance × rate ÷ 1200 with the rate kept to 6 decimals as an
 * integer: in floating point, 8.382 % of a round balance can land a hair below .5 and round
 * the wrong way.
 */
function interestCalculator(annualRatePercent: number): (balance: number) => number {
  const rateMicros = BigInt(Math.round(annualRatePercent * 1_000_000));
  const denominator = 1200n * 1_000_000n;
  return (balance) => Number((BigInt(balance) * rateMicros * 2n + denominator) / (2n * denominator));
}

/** P·r / (1 − (1 + r)^−n), rounded to the đồng; without interest, the principal split evenly. */
function annuityPayment(principal: number, months: number, annualRatePercent: number): number {
  const rate = annualRatePercent / 1200;
  if (rate === 0) return Math.floor(principal / months);
  return Math.round((principal * rate) / (1 - Math.pow(1 + rate, -months)));
}
