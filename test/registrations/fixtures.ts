import { randomInt } from "node:crypto";
import { contentDir } from "../../src/paths.js";
import type { Database } from "../../src/db/index.js";
import { createRegistrationFeature, type ClaimContact } from "../../src/bot/features/registration/index.js";
import { createRegistrations, type RegistrationInput } from "../../src/registrations/index.js";
import { silentLogger } from "../helpers/app.js";
import { coreOn, texts } from "../helpers/core.js";

export const testKey = Buffer.alloc(32, 7);
export const testKeyBase64 = testKey.toString("base64");
export const adminToken = "admin-token-0123456789abcdefXYZ";

/** The registrations module and a core with only it plugged in, on a test database. */
export function registrationsOn(database: Database, options: { now?: () => Date; contact?: ClaimContact } = {}) {
  const { contact, ...clock } = options;
  const registrations = createRegistrations({ prisma: database.prisma, sql: database.sql, key: testKey, texts, contentDir, logger: silentLogger, ...clock });
  const feature = createRegistrationFeature({
    service: registrations.service,
    claims: registrations.claims,
    contact,
    localities: registrations.localities,
    outcomeLines: (referenceCode, locale) => registrations.outcomes.citizenStatus(referenceCode, locale),
    logger: silentLogger,
    ...clock,
  });
  return { registrations, core: coreOn(database, { features: [feature] }) };
}

/** A citizen ID of a man born in 1995 (4th digit 0, then 95), unique per call. */
export function citizenIdBornIn1995Male(): string {
  return `092095${String(randomInt(1_000_000)).padStart(6, "0")}`;
}

export type Input = { text: string } | { action: string };

/** Every answer of a complete form, in order, as a person gives them (typed or pressed). */
export function completeAnswers(citizenId: string, overrides: Partial<Record<string, Input>> = {}): Input[] {
  const steps: [string, Input][] = [
    ["applicantType", { action: "reg:v:applicantType:worker" }],
    ["fullName", { text: "nguyễn  văn an" }],
    ["birthDate", { text: "05/03/1995" }],
    ["gender", { action: "reg:v:gender:male" }],
    ["citizenId", { text: citizenId }],
    ["phone", { text: "0912.345.678" }],
    ["province", { text: "Sóc Trăng" }],
    ["commune", { text: "xã long phú, huyện Long Phú" }],
    ["education", { action: "reg:v:education:upper_secondary" }],
    ["occupation", { text: "thợ hàn 3 năm" }],
    ["languages", { action: "reg:v:languages:japanese" }],
    ["country", { action: "reg:v:country:japan" }],
    ["programme", { action: "reg:v:programme:technical_intern" }],
    ["departure", { action: "reg:v:departure:3_6_months" }],
    ["loanNeeded", { action: "reg:v:loanNeeded:yes" }],
    ["loanAmount", { text: "120 triệu" }],
    ["priorityGroup", { action: "reg:v:priorityGroup:near_poor" }],
    ["referral", { action: "reg:v:referral:commune_officer" }],
  ];
  return steps.map(([field, input]) => overrides[field] ?? input);
}

/** The valid service input the form above produces. */
export function registrationInput(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  return {
    applicantType: "worker",
    fullName: "Nguyễn Văn An",
    birthDate: "1995-03-05",
    gender: "male",
    citizenId: citizenIdBornIn1995Male(),
    phone: "+84912345678",
    provinceCode: "can-tho",
    communeName: "Xã Long Phú",
    communeKey: "long phu",
    education: "upper_secondary",
    occupation: "thợ hàn 3 năm",
    languages: "japanese",
    desiredCountry: "japan",
    programme: "technical_intern",
    expectedDeparture: "3_6_months",
    loanNeeded: true,
    loanAmountVnd: 120_000_000,
    priorityGroup: "near_poor",
    referralSource: "commune_officer",
    consentAt: new Date("2026-11-02T03:00:00Z"),
    consentVersion: "2026-11-v1",
    ...overrides,
  };
}

export const t = (key: string, params?: Record<string, string | number>) => texts.t("vi", key, params);
