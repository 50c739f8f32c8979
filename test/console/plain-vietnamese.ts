import { REGISTRATION_STATUSES } from "../../src/registrations/console/console.js";
import {
  APPLICANT_TYPES,
  COUNTRIES,
  DEPARTURE_CHOICES,
  EDUCATION_LEVELS,
  GENDERS,
  LANGUAGE_CHOICES,
  PRIORITY_GROUPS,
  PROGRAMMES,
  REFERRAL_SOURCES,
} from "../../src/registrations/catalogue.js";
import { CAPITAL_LINES, EARLY_RETURN_REASONS, LOAN_PROGRAMMES, OUTCOME_KINDS, RETURN_KINDS, SUPPORT_KINDS } from "../../src/registrations/index.js";
import { FUNNEL_STEPS } from "../../src/reports/index.js";

/**
 * Codes stored in the database that must never reach a staff member's screen as such. Codes
 * that are also ordinary words on a Vietnamese page ("web" in "Trang web") are left out; the
 * check is case-sensitive, so "EPS" in a label is not the code "eps".
 */
const ORDINARY = new Set(["web", "none", "other", "eps"]);
const CODES = [
  ...REGISTRATION_STATUSES,
  ...APPLICANT_TYPES,
  ...COUNTRIES,
  ...PROGRAMMES,
  ...EDUCATION_LEVELS,
  ...GENDERS,
  ...LANGUAGE_CHOICES,
  ...PRIORITY_GROUPS,
  ...REFERRAL_SOURCES,
  ...DEPARTURE_CHOICES,
  // What happened after a registration, and the dashboard's steps (its camelCase ones are caught below too).
  ...OUTCOME_KINDS,
  "retracted",
  ...LOAN_PROGRAMMES,
  ...CAPITAL_LINES,
  ...SUPPORT_KINDS,
  ...RETURN_KINDS,
  ...EARLY_RETURN_REASONS,
  ...FUNNEL_STEPS,
  "telegram",
  "zalo-bot",
  "zalo-oa",
  "loan_vnd",
].filter((code) => !ORDINARY.has(code));

const codePattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(${CODES.join("|")})(?![\\p{L}\\p{N}_-])`, "u");
/** Actors, ids and field names the way the database and the code keep them. */
const internalPattern =
  /\b(citizen|staff|api-token):|\b[a-z]+[A-Z][A-Za-z]*\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/;

/**
 * Words of English that are not Vietnamese syllables (so "to", "no", "an" are not among them).
 * A line with two of them is an English sentence or phrase.
 */
const ENGLISH = [
  "the",
  "and",
  "of",
  "is",
  "are",
  "must",
  "with",
  "this",
  "that",
  "during",
  "was",
  "were",
  "not",
  "been",
  "has",
  "have",
  "for",
  "from",
  "by",
  "set",
  "cannot",
  "please",
  "error",
  "invalid",
  "failed",
  "recipients",
  "registered",
  "reached",
  "status",
  "line",
  "unknown",
  "column",
  "request",
  "such",
  "at",
  "e.g",
];
const englishWord = new RegExp(`(?<![\\p{L}])(${ENGLISH.map((word) => word.replace(".", "\\.")).join("|")})(?![\\p{L}])`, "giu");

/** What in `text` a Vietnamese staff member should not have to read: raw codes and English. */
export function foreignParts(text: string): string[] {
  const found: string[] = [];
  for (const rawLine of text.split("\n")) {
    // Web addresses are what they are.
    const line = rawLine.replace(/https?:\/\/\S+/g, "");
    const code = codePattern.exec(line);
    if (code) found.push(`code "${code[1]}" in: ${line.trim()}`);
    const internal = internalPattern.exec(line);
    if (internal) found.push(`internal "${internal[0]}" in: ${line.trim()}`);
    const english = new Set([...line.matchAll(englishWord)].map((match) => match[1]!.toLowerCase()));
    if (english.size >= 2) found.push(`English (${[...english].join(", ")}) in: ${line.trim()}`);
  }
  return found;
}
