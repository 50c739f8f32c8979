import { simplify as fold } from "../../shared/index.js";
import { parsePhone } from "../validators.js";

/**
 * What staff typed in the search box, understood once: a phone number (whole or a run of its
 * digits) or a name / reference code. The kind is what the audit log records, never the text.
 */
export type RegistrationSearch =
  | { kind: "phone" /** +84… when the text is a whole number */; phone?: string /** national digits, 0… */; digits: string }
  | { kind: "name"; folded: string };

// Fewer digits than this would match half the table: not a useful phone search.
const MIN_PHONE_DIGITS = 4;

export function parseSearch(text: string): RegistrationSearch | undefined {
  const compact = text.replace(/[\s.\-–()]/g, "");
  if (/^\+?\d+$/.test(compact)) {
    if (compact.replace("+", "").length < MIN_PHONE_DIGITS) return undefined;
    const whole = parsePhone(compact);
    if (whole.ok) return { kind: "phone", phone: whole.value, digits: nationalDigits(whole.value) };
    // "+84…" always names the country; a bare "84…" only when a whole number follows.
    return { kind: "phone", digits: compact.replace(/^\+84|^84(?=\d{9}$)/, "0").replace("+", "") };
  }
  const folded = fold(text);
  return folded ? { kind: "name", folded } : undefined;
}

/** Whether a decrypted registration matches; `phone` is the stored +84… number. */
export function matchesSearch(search: RegistrationSearch, row: { fullName: string | null; referenceCode: string | null; phone: () => string }): boolean {
  if (search.kind === "phone") {
    const phone = row.phone();
    if (!phone) return false;
    return search.phone ? phone === search.phone : nationalDigits(phone).includes(search.digits);
  }
  // From the start of a word, so "an" finds "Nguyễn Văn An" but not "Hoàng Văn Toàn".
  const haystack = ` ${fold(`${row.fullName ?? ""} ${row.referenceCode ?? ""}`)}`;
  return haystack.includes(` ${search.folded}`);
}

function nationalDigits(phone: string): string {
  return `0${phone.replace(/^\+84/, "")}`;
}
