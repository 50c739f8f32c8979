import { removeDiacritics } from "../shared/index.js";
/**
 * Amounts and durations the way families type them: "150 triệu", "150tr", "1,5 tỷ",
 * "150.000.000", "1tr5", "36 tháng", "3 nam"… Pure: text in, a typed result out.
 */

export const MAX_AMOUNT_VND = 10_000_000_000;
export const MAX_DURATION_MONTHS = 120;

export type AmountProblem = "unreadable" | "missing-unit" | "negative" | "zero" | "too-large";
export type AmountParse =
  | { ok: true; vnd: number }
  /** `suggestionVnd`: what a bare small number most likely meant ("150" → 150 triệu). */
  | { ok: false; problem: AmountProblem; suggestionVnd?: number };

export type DurationProblem = "unreadable" | "missing-unit" | "negative" | "zero" | "too-long";
export type DurationParse = { ok: true; months: number } | { ok: false; problem: DurationProblem };

const AMOUNT_UNITS: [RegExp, bigint][] = [
  [/^(ty|ti|b|bn|bil|billion|billions)$/, 1_000_000_000n],
  [/^(trieu|tr|m|mil|million|millions|cu)$/, 1_000_000n],
  [/^(nghin|ngan|k|thousand|thousands)$/, 1_000n],
];
const DURATION_UNITS: [RegExp, number][] = [
  [/^(nam|years?|yrs?|y)$/, 12],
  [/^(thang|thg|th|months?|mos?|mths?)$/, 1],
];
const FILLERS = /^(khoang|tam|chung|gan|hon|about|around|approx|approximately|roughly|~)\s*/;
const CURRENCY = /\s*(vnd|vnđ|dong|d|đ)\.?$/;
// One number, optionally followed by a word: "1,5 tỷ", "150.000.000", "150 000 000 đ".
const SEGMENT = /\s*(\d{1,3}(?:\s\d{3})+(?![\d.,])|\d[\d.,]*)\s*([a-z]+)?/y;

/** Parses an amount of money in VND; refuses negative, zero and above 10 billion. */
export function parseAmount(text: string): AmountParse {
  const prepared = prepare(text).replace(CURRENCY, "");
  const { negative, body } = splitSign(prepared);
  const segments = segmentsOf(body);
  if (!segments) return { ok: false, problem: "unreadable" };

  let total = 0n;
  let previousUnit: bigint | undefined;
  for (const [index, segment] of segments.entries()) {
    const number = decimalOf(segment.number);
    if (!number) return { ok: false, problem: "unreadable" };
    const unit = segment.word === undefined ? undefined : AMOUNT_UNITS.find(([pattern]) => pattern.test(segment.word!))?.[1];
    if (segment.word !== undefined && unit === undefined) return { ok: false, problem: "unreadable" };
    if (unit !== undefined) {
      if (previousUnit !== undefined && unit >= previousUnit) return { ok: false, problem: "unreadable" };
      total += scaled(number, unit);
      previousUnit = unit;
      continue;
    }
    const isLast = index === segments.length - 1;
    if (index === 0 && isLast) {
      // A bare number: VND as written, unless it is too small to be a cost in VND.
      if (number.fraction || number.value < 100_000n) {
        if (number.value === 0n && !number.fraction) break;
        const suggestion = !number.fraction && number.value <= 10_000n ? Number(number.value) * 1_000_000 : undefined;
        return negative ? { ok: false, problem: "negative" } : { ok: false, problem: "missing-unit", suggestionVnd: suggestion };
      }
      total = number.value;
      continue;
    }
    // "1tr5", "1 tỷ 250": the trailing digits are the decimal part of the unit before.
    if (!isLast || previousUnit === undefined || previousUnit < 1_000n || number.fraction || segment.number.length > 3) {
      return { ok: false, problem: "unreadable" };
    }
    total += scaled({ value: 0n, fraction: segment.number }, previousUnit);
  }
  if (negative) return { ok: false, problem: "negative" };
  if (total === 0n) return { ok: false, problem: "zero" };
  if (total > BigInt(MAX_AMOUNT_VND)) return { ok: false, problem: "too-large" };
  return { ok: true, vnd: Number(total) };
}

/** Parses a duration into whole months ("3 năm 6 tháng" → 42); at most 10 years. */
export function parseDuration(text: string, maxMonths = MAX_DURATION_MONTHS): DurationParse {
  const { negative, body } = splitSign(prepare(text));
  const segments = segmentsOf(body);
  if (!segments) return { ok: false, problem: "unreadable" };

  let months = 0;
  let previousUnit: number | undefined;
  for (const [index, segment] of segments.entries()) {
    const number = decimalOf(segment.number);
    if (!number) return { ok: false, problem: "unreadable" };
    const amount = Number(`${number.value}.${number.fraction || "0"}`);
    if (segment.word === undefined) {
      // "3 năm 6": months after years; a bare number alone could be months or years.
      if (previousUnit !== 12 || index !== segments.length - 1 || number.fraction) {
        if (segments.length === 1) {
          if (negative) return { ok: false, problem: "negative" };
          return amount === 0 ? { ok: false, problem: "zero" } : { ok: false, problem: "missing-unit" };
        }
        return { ok: false, problem: "unreadable" };
      }
      months += amount;
      continue;
    }
    const unit = DURATION_UNITS.find(([pattern]) => pattern.test(segment.word!))?.[1];
    if (unit === undefined || (previousUnit !== undefined && unit >= previousUnit)) return { ok: false, problem: "unreadable" };
    months += amount * unit;
    previousUnit = unit;
  }
  if (negative) return { ok: false, problem: "negative" };
  // Half a month and more counts as a month: "1.3 years" → 16 months.
  const whole = Math.round(months);
  if (whole <= 0) return { ok: false, problem: "zero" };
  if (whole > maxMonths) return { ok: false, problem: "too-long" };
  return { ok: true, months: whole };
}

/** Lowercase, without diacritics (đ → d), single spaces, fillers like "khoảng" removed. */
function prepare(text: string): string {
  return removeDiacritics(text)
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(FILLERS, "")
    .replace(/[.!?]+$/, "")
    .trim();
}

function splitSign(text: string): { negative: boolean; body: string } {
  const match = /^(-|−|am\s)\s*/.exec(text);
  return match ? { negative: true, body: text.slice(match[0].length) } : { negative: false, body: text };
}

function segmentsOf(text: string): { number: string; word?: string }[] | undefined {
  if (!text) return undefined;
  const segments: { number: string; word?: string }[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < text.length) {
    const match = SEGMENT.exec(text);
    if (!match) return undefined;
    segments.push({ number: match[1]!.replace(/\s/g, ""), word: match[2] });
  }
  return segments;
}

/**
 * "150.000.000", "150,000,000", "1,5", "1.5", "1.500,5", "1,500.5": a separator followed
 * by groups of exactly three digits separates thousands; otherwise it is the decimal mark.
 */
function decimalOf(raw: string): { value: bigint; fraction: string } | undefined {
  const trimmed = raw.replace(/[.,]$/, "");
  const separators = [...new Set(trimmed.replace(/\d/g, ""))];
  let integer = trimmed;
  let fraction = "";
  if (separators.length === 2) {
    const decimalMark = trimmed.lastIndexOf(".") > trimmed.lastIndexOf(",") ? "." : ",";
    const [whole, decimals, ...more] = trimmed.split(decimalMark);
    if (more.length || !isThousands(whole!, decimalMark === "." ? "," : ".")) return undefined;
    integer = whole!.replace(/[.,]/g, "");
    fraction = decimals!;
  } else if (separators.length === 1) {
    const mark = separators[0]!;
    if (isThousands(trimmed, mark)) integer = trimmed.split(mark).join("");
    else {
      const parts = trimmed.split(mark);
      if (parts.length !== 2) return undefined;
      [integer, fraction] = parts as [string, string];
    }
  }
  if (!/^\d+$/.test(integer) || !/^\d*$/.test(fraction)) return undefined;
  return { value: BigInt(integer), fraction: fraction.replace(/0+$/, "") };
}

function isThousands(text: string, mark: string): boolean {
  const groups = text.split(mark);
  return groups.length > 1 && /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((group) => /^\d{3}$/.test(group));
}

/** (value.fraction) × unit, rounded half up to a whole đồng. */
function scaled(number: { value: bigint; fraction: string }, unit: bigint): bigint {
  const denominator = 10n ** BigInt(number.fraction.length);
  const numerator = (number.value * denominator + BigInt(number.fraction || "0")) * unit;
  return (numerator * 2n + denominator) / (2n * denominator);
}
