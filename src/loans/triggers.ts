import { removeDiacritics, simplify as fold } from "../shared/index.js";
/**
 * Free text that asks for the loan calculation itself rather than a fact about loans:
 * "tính thử khoản vay", "tinh lai vay", "mỗi tháng trả bao nhiêu nếu vay 150 triệu".
 * A question about how the rate works ("lãi suất vay được tính thế nào") is left to the
 * knowledge base: the verb must come before the loan word. "tinh" is also "tỉnh" (province):
 * typed with accents only "tính" counts, and typed without, not before a place or "nào".
 */
export function isLoanCheckRequest(text: string): boolean {
  const folded = ` ${fold(withoutProvinceWord(text))} `;
  if (ASKS_HOW_IT_IS_COMPUTED.test(folded)) return false;
  return LOAN_CHECK_PATTERNS.some((pattern) => pattern.test(folded));
}

// "lãi quá hạn tính sao", "tiền lời được tính thế nào": a question about the rule.
const ASKS_HOW_IT_IS_COMPUTED = /\b(?:tinh sao|tinh the nao|tinh nhu the nao|tinh ra sao|tinh ntn|duoc tinh|cach tinh|tinh theo)\b/;

const LOAN_CHECK_PATTERNS = [
  // "tính" alone is also "to plan" ("nhà em tính vay 150 triệu"): only "tính thử", "tính giúp"… ask for a calculation.
  /\b(tinh thu|thu tinh|tinh toan|uoc tinh|du tinh|tinh giup|tinh gium|tinh dum|tinh ho|tinh cho (?:em|toi|tui|minh|con|chau)|tinh coi|tinh xem)\b.*\b(khoan vay|lai vay|tien vay|vay von|vay|tra no|tra gop)\b/,
  // "tính lãi vay", "tinh lai vay giup em": working out the interest.
  /^ (?:tinh|tinh giup|tinh gium) (?:lai|tien lai)\b/,
  /\bvay\b.*\bmoi thang\b.*\btra\b/,
  /\b(loan (calculator|estimate|check|simulation))\b/,
  /\b(calculate|estimate|simulate|check) (my |a |the )?(loan|repayments?)\b/,
];

// After "tinh" these words make it "tỉnh": "tinh soc trang", "tinh nao", "cua tinh", "uy ban tinh".
const PROVINCE_AFTER =
  /^(?:soc|can|hue|hau|thua|nha|ta|minh|nao|khac|thanh|uy|doan|lo|bac|nam|dong|tay|quang|ha|long|an|vinh|ben|tra|kien|ca|dak|gia|lam|binh|phu|thai|tuyen|lang|lao|yen|son|hoa|ninh|dien|cao|hai|khanh)$/;
const PROVINCE_BEFORE = /^(?:cua|o|tai|cac|moi|hai|ba|uy|ubnd|hdnd|cap|trong|ngoai|toan|tren)$/;

/** The text with every "tỉnh"/"tinh" that names a province taken out, so that only "tính" remains. */
function withoutProvinceWord(text: string): string {
  const words = text.normalize("NFC").split(/\s+/);
  return words
    .filter((word, index) => {
      const bare = removeDiacritics(word)
        .toLowerCase()
        .replace(/[^a-z]/g, "");
      if (bare !== "tinh") return true;
      const lower = word.toLowerCase().replace(/[^\p{L}]/gu, "");
      if (lower !== bare) return lower === "tính";
      const next = removeDiacritics(words[index + 1] ?? "")
        .toLowerCase()
        .replace(/[^a-z]/g, "");
      const previous = removeDiacritics(words[index - 1] ?? "")
        .toLowerCase()
        .replace(/[^a-z]/g, "");
      return !PROVINCE_AFTER.test(next) && !PROVINCE_BEFORE.test(previous);
    })
    .join(" ");
}
