import { z } from "zod";
import { APPLICANT_TYPES, DEPARTURE_CHOICES, EDUCATION_LEVELS, GENDERS, PRIORITY_GROUPS, PROGRAMMES, REFERRAL_SOURCES } from "./catalogue.js";
import type { Localities } from "./localities.js";
import { checkAge, checkCitizenIdConsistency } from "./validators.js";

/** A registration as the form hands it over: plain values, checked again here. */
export const registrationInput = z
  .object({
    applicantType: z.enum(APPLICANT_TYPES),
    fullName: z.string().min(3).max(80),
    birthDate: z.iso.date(),
    gender: z.enum(GENDERS),
    citizenId: z.string().regex(/^\d{12}$/, "must be 12 digits"),
    phone: z.string().regex(/^\+84[35789]\d{8}$/, "must be a normalised Vietnamese mobile number"),
    provinceCode: z.string().min(2),
    communeName: z.string().min(2).max(80),
    communeKey: z.string().min(1).max(80),
    education: z.enum(EDUCATION_LEVELS),
    occupation: z.string().max(200).nullable(),
    languages: z.string().max(200).nullable(),
    desiredCountry: z.string().min(2).max(60),
    programme: z.enum(PROGRAMMES),
    expectedDeparture: z.union([z.enum(DEPARTURE_CHOICES), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)]),
    loanNeeded: z.boolean(),
    loanAmountVnd: z.number().int().min(1_000_000).max(2_000_000_000).nullable(),
    priorityGroup: z.enum(PRIORITY_GROUPS),
    referralSource: z.enum(REFERRAL_SOURCES),
    consentAt: z.coerce.date(),
    consentVersion: z.string().min(1).max(40),
  })
  .strict();

export type RegistrationInput = z.infer<typeof registrationInput>;

/** The input broke a rule; `problems` name the fields. Never carries the values themselves. */
export class RegistrationInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid registration: ${problems.join("; ")}`);
    this.name = "RegistrationInvalid";
  }
}

/**
 * The answers checked as a whole: their shapes, then the rules across fields (the citizen ID
 * against birth year and gender, the age for the programme, a known province, no loan amount
 * without a loan). Throws `RegistrationInvalid` naming every field at fault.
 */
export function checkRegistrationInput(input: RegistrationInput, context: { localities: Localities; today: Date }): RegistrationInput {
  const parsed = registrationInput.safeParse(input);
  if (!parsed.success) throw new RegistrationInvalid(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const value = parsed.data;
  const problems: string[] = [];
  if (!checkCitizenIdConsistency(value.citizenId, value.birthDate, value.gender).ok) {
    problems.push("citizenId: does not match the birth year or gender");
  }
  const age = checkAge(value.birthDate, value.applicantType, context.today);
  if (!age.ok) problems.push(`birthDate: ${age.reason}`);
  if (!context.localities.byCode(value.provinceCode)) problems.push("provinceCode: unknown");
  if (!value.loanNeeded && value.loanAmountVnd !== null) problems.push("loanAmountVnd: given without a loan");
  if (problems.length) throw new RegistrationInvalid(problems);
  return value;
}
