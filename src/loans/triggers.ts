import { simplify as fold } from "../text/fold.js";
/**
 * Free text that asks for the loan calculation itself rather than a fact about loans:
 * "tính thử khoản vay", "tinh lai vay", "mỗi tháng trả bao nhiêu nếu vay 150 triệu".
 * A question about how the rate works ("lãi suất vay được tính thế nào") is left to the
 * knowledge base: the verb must come before the loan word.
 */
export function isLoanCheckRequest(text: string): boolean {
  const folded = ` ${fold(text)} `;
  return LOAN_CHECK_PATTERNS.some((pattern) => pattern.test(folded));
}

const LOAN_CHECK_PATTERNS = [
  /\b(tinh|tinh thu|tinh toan|uoc tinh|du tinh|tinh giup|tinh ho)\b.*\b(khoan vay|lai vay|tien vay|vay von|vay|tra no|tra gop)\b/,
  /\bvay\b.*\bmoi thang\b.*\btra\b/,
  /\b(loan (calculator|estimate|check|simulation))\b/,
  /\b(calculate|estimate|simulate|check) (my |a |the )?(loan|repayments?)\b/,
];

