import { parseAmount } from "../loans/index.js";
import { simplify as fold } from "../shared/index.js";
/**
 * Parsing and checking of what people type into the registration form. Every parser takes
 * the raw text and returns either the normalised value or the reason it was refused, as a
 * text key of content/locales/<locale>/registration.yaml with its parameters.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; params?: Record<string, string | number> };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = (reason: string, params?: Record<string, string | number>): Parsed<never> => ({ ok: false, reason, params });

/** NFC, no control characters, single spaces, trimmed. */
export function cleanText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------------------------- names

const NAME_PART = /^[\p{L}][\p{L}\p{M}'’-]*$/u;

/** "  nguyễn  văn AN " → "Nguyễn Văn An". Letters only: digits, emoji and markup are refused. */
export function parseFullName(text: string): Parsed<string> {
  const cleaned = cleanText(text);
  if (cleaned.length > 80) return refuse("reg.error.fullName.long");
  const parts = cleaned.split(" ").filter(Boolean);
  if (parts.length < 2 || parts.some((part) => !NAME_PART.test(part))) return refuse("reg.error.fullName.format");
  return ok(parts.map((part) => part.charAt(0).toLocaleUpperCase("vi") + part.slice(1).toLocaleLowerCase("vi")).join(" "));
}

// ---------------------------------------------------------------------------------- dates

/** A calendar date as YYYY-MM-DD, never shifted by time zones. */
export type IsoDate = string;

/**
 * dd/mm/yyyy and what people actually type: 5/3/2000, 05-03-2000, 05.03.2000, 5 3 2000,
 * "ngày 5 tháng 3 năm 2000", and ISO 2000-03-05. Two-digit years are refused: 05/03/00
 * could be 1900 or 2000.
 */
export function parseDate(text: string): Parsed<IsoDate> {
  const folded = fold(text)
    .replace(/\b(ngay|thang|nam)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const iso = /^(\d{4}) (\d{1,2}) (\d{1,2})$/.exec(folded);
  const dmy = /^(\d{1,2}) (\d{1,2}) (\d{2,4})$/.exec(folded);
  let day: number, month: number, year: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) {
    if (dmy[3]!.length !== 4) return refuse("reg.error.date.year");
    [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  } else return refuse("reg.error.date.format");
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return refuse("reg.error.date.invalid");
  }
  return ok(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
}

export function formatDate(iso: IsoDate): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

/** Today's calendar date in Vietnam (UTC+7, no daylight saving), whatever the server's zone. */
export function vietnamToday(now: Date): IsoDate {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function ageOn(birth: IsoDate, today: IsoDate): number {
  const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export type ApplicantType = "worker" | "student";

/**
 * Luật 69/2020/QH14, Điều 3.1: a contract worker abroad is a citizen "từ đủ 18 tuổi".
 * Work-study students also work part-time: we take the working age of Luật Việc làm
 * 74/2025/QH15, Điều 2 (from 15). Ages above 100 are typing mistakes.
 */
export const MINIMUM_AGE: Record<ApplicantType, number> = { worker: 18, student: 15 };

export type AgeCheck =
  | { ok: true; age: number }
  | { ok: false; reason: "future" | "implausible" }
  | { ok: false; reason: "tooYoung"; age: number; minimum: number; eligibleOn: IsoDate };

export function checkAge(birth: IsoDate, applicantType: ApplicantType, now: Date): AgeCheck {
  const today = vietnamToday(now);
  if (birth > today) return { ok: false, reason: "future" };
  const age = ageOn(birth, today);
  if (age > 100) return { ok: false, reason: "implausible" };
  const minimum = MINIMUM_AGE[applicantType];
  if (age >= minimum) return { ok: true, age };
  const [year, rest] = [Number(birth.slice(0, 4)), birth.slice(4)];
  // Born on 29 February: the birthday of a non-leap year is 1 March.
  const eligibleOn = parseDate(`${year + minimum}${rest}`.replace(/-/g, " ")).ok ? `${year + minimum}${rest}` : `${year + minimum}-03-01`;
  return { ok: false, reason: "tooYoung", age, minimum, eligibleOn };
}

// ---------------------------------------------------------------------------- citizen ID

/**
 * The 12-digit citizen ID (CCCD): 3 digits of the province of birth registration, 1 digit of
 * century and gender (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s,
 * 8/9 = 1800s), 2 digits of the birth year, then 6 random digits.
 */
export function parseCitizenId(text: string): Parsed<string> {
  const compact = text.replace(/[\s.\-–]/g, "");
  if (!/^\d+$/.test(compact)) return refuse("reg.error.citizenId.digits");
  if (compact.length !== 12) return refuse("reg.error.citizenId.length", { count: compact.length });
  return ok(compact);
}

const CENTURY_BY_DIGIT = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800] as const;

export function citizenIdFacts(citizenId: string): { century: number; gender: "male" | "female"; yearDigits: string } {
  const digit = Number(citizenId[3]);
  return { century: CENTURY_BY_DIGIT[digit]!, gender: digit % 2 === 0 ? "male" : "female", yearDigits: citizenId.slice(4, 6) };
}

/** Whether the ID agrees with the birth date and gender given earlier in the form. */
export function checkCitizenIdConsistency(citizenId: string, birth: IsoDate, gender: "male" | "female"): Parsed<string> {
  const facts = citizenIdFacts(citizenId);
  const year = Number(birth.slice(0, 4));
  if (facts.gender !== gender || facts.century !== Math.floor(year / 100) * 100) {
    return refuse("reg.error.citizenId.centuryGender", { year, digit: citizenId[3]! });
  }
  if (facts.yearDigits !== birth.slice(2, 4)) return refuse("reg.error.citizenId.year", { year, digits: facts.yearDigits });
  return ok(citizenId);
}

// --------------------------------------------------------------------------------- phone

/**
 * Vietnamese mobile numbers since the 2018 renumbering: 10 digits starting 03, 05, 07, 08 or
 * 09, written 0xxxxxxxxx, +84xxxxxxxxx or 84xxxxxxxxx, with spaces, dots, dashes or
 * brackets. Stored as +84 followed by 9 digits.
 */
export function parsePhone(text: string): Parsed<string> {
  const compact = text.replace(/[\s.\-–()]/g, "");
  const match = /^(?:\+84|84|0)(\d+)$/.exec(compact);
  if (!match) return refuse("reg.error.phone.format");
  const national = match[1]!;
  if (national.length === 10 && national.startsWith("1")) return refuse("reg.error.phone.old");
  if (national.length !== 9 || !/^[35789]/.test(national)) return refuse("reg.error.phone.format");
  return ok(`+84${national}`);
}

/** +84912345678 → 0912 345 678, the way staff dial it. */
export function formatPhoneNational(phone: string): string {
  const national = `0${phone.slice(3)}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

// ------------------------------------------------------------------------------ amounts

/**
 * Loan amounts as people write them: "100 triệu", "100tr", "1,5 tỷ", "100.000.000",
 * "150" (a bare small number is millions). Returns đồng.
 */
export function parseMoney(text: string): Parsed<number> {
  const parsed = parseAmount(text);
  // The form asks "how many million?", so a bare small number means millions ("150" → 150 triệu).
  const vnd = parsed.ok ? parsed.vnd : parsed.problem === "missing-unit" ? parsed.suggestionVnd : undefined;
  if (vnd === undefined)
    return refuse(
      parsed.ok || parsed.problem === "unreadable" || parsed.problem === "missing-unit" ? "reg.error.loanAmount.format" : "reg.error.loanAmount.range",
    );
  if (vnd < 1_000_000 || vnd > 2_000_000_000) return refuse("reg.error.loanAmount.range");
  return ok(vnd);
}

/** 150000000 → "150.000.000 đ" */
export function formatMoney(amount: number): string {
  return `${amount.toLocaleString("de-DE")} đ`;
}

// ------------------------------------------------------------------------------- months

/** "11/2026", "11-2026", "tháng 11 năm 2026", "2026-11" → "2026-11". */
export function parseMonth(text: string): Parsed<string> {
  const folded = fold(text)
    .replace(/\b(thang|nam)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const my = /^(\d{1,2}) (\d{4})$/.exec(folded);
  const ym = /^(\d{4}) (\d{1,2})$/.exec(folded);
  const [month, year] = my ? [Number(my[1]), Number(my[2])] : ym ? [Number(ym[2]), Number(ym[1])] : [0, 0];
  if (!month || month > 12) return refuse("reg.error.departure.format");
  return ok(`${year}-${String(month).padStart(2, "0")}`);
}

// ----------------------------------------------------------------------------- questions

const QUESTION_OPENINGS = [
  "cho hoi",
  "cho em hoi",
  "cho toi hoi",
  "cho minh hoi",
  "cho chau hoi",
  "xin hoi",
  "hoi chut",
  "bao nhieu",
  "co duoc",
  "co phai",
  "co can",
  "lam sao",
  "lam the nao",
  "nhu the nao",
  "the nao",
  "tai sao",
  "vi sao",
  "o dau",
  "khi nao",
  "bao gio",
  "ai se",
  "what",
  "why",
  "how",
  "who",
  "where",
  "when",
  "can i",
  "do i",
  "is it",
];

/** A question typed in the middle of the form, rather than an answer to it. */
export function looksLikeQuestion(text: string): boolean {
  if (/[?？]\s*$/.test(text)) return true;
  const folded = fold(text);
  return QUESTION_OPENINGS.some((opening) => folded === opening || folded.startsWith(`${opening} `));
}
