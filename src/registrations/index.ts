import path from "node:path";
import type { Logger } from "pino";
import type { Texts } from "../shared/index.js";
import type { DatabaseOptions, DirectSql, PrismaClient } from "../db/index.js";
import { createRegistrationConsole, type RegistrationConsole, type RegistrationStatistics } from "./console/console.js";
import { createRegistrationCrypto, KEY_FILE_NAME, loadOrCreateKeyFile, RegistrationKeyMissing } from "./crypto.js";
import { createMonthlyListExporter, type MonthlyListExporter } from "./exports.js";
import { loadLocalities, type Localities } from "./localities.js";
import { createRegistrationService, type RegistrationService } from "./service.js";
import { createRegistrationClaims, type RegistrationClaims } from "./claims.js";
import { createRegistrationFacts, type RegistrationFactsReader } from "./outcomes/facts.js";
import { createOutcomeService, type CompanyMatcher, type OutcomeService } from "./outcomes/service.js";
import { randomBytes } from "node:crypto";

export { createRegistrationCrypto, loadOrCreateKeyFile, RegistrationKeyMissing, KEY_FILE_NAME, type RegistrationCrypto } from "./crypto.js";
export { verifyRegistrationKey, RegistrationKeyMismatch } from "./key-check.js";
export { createRegistrationService, StatusChangeNotAllowed, type RegistrationService } from "./service.js";
export { RegistrationInvalid, type RegistrationInput } from "./input.js";
export { loadLocalities, type Localities } from "./localities.js";
export { buildMonthlyList, monthlyListToCsv, monthlyListToXlsx, neutraliseCell, neutraliseCsvCell } from "./monthly-list.js";
export { createMonthlyListExporter, monthlyListQuery, UnknownProvince, type MonthlyListExporter } from "./exports.js";
export { type RegistrationConsole, type RegistrationStatistics, type ConsoleScope } from "./console/console.js";
export { monthRange } from "./service.js";
export { createRegistrationClaims, CLAIM_CODE_ATTEMPTS, CLAIM_CODE_MINUTES, type RegistrationClaims, type StaffDecision } from "./claims.js";
export type { RegistrationStatus } from "./repository.js";
export * from "./outcomes/index.js";

export interface Registrations {
  service: RegistrationService;
  /** Changes asked from another account than the registering one, waiting for proof. */
  claims: RegistrationClaims;
  localities: Localities;
  exportMonthlyList: MonthlyListExporter;
  /** Registrations as the staff console sees them, and the dashboard's figures. */
  console: RegistrationConsole;
  statistics: RegistrationStatistics;
  /** What happened after each registration: loans, support, departure, return. */
  outcomes: OutcomeService;
  /** The counted facts of a province's registrations, for reports and dashboards. */
  facts: RegistrationFactsReader;
  /** Where a person on a channel registered (their latest registration not erased), if they did. */
  localityOf(owner: { channel: string; userId: string }): Promise<{ provinceCode: string; communeKey: string | null } | undefined>;
  texts: Texts;
}

/** Everything registrations contribute to the application, from what the composition root has. */
export function createRegistrations(deps: {
  prisma: PrismaClient;
  /** Plain SQL beside Prisma (`database.sql`), for the registration reads every turn makes. */
  sql: DirectSql;
  key: Buffer;
  texts: Texts;
  contentDir: string;
  logger: Logger;
  now?: () => Date;
  /** Matches a departure's company to the licensed list; without it the name is kept as typed. */
  matchCompany?: CompanyMatcher;
}): Registrations {
  const localities = loadLocalities(path.join(deps.contentDir, "registration", "localities.yaml"));
  const crypto = createRegistrationCrypto(deps.key);
  const service = createRegistrationService({ prisma: deps.prisma, sql: deps.sql, crypto, localities, now: deps.now });
  const exportMonthlyList = createMonthlyListExporter({ service, localities, texts: deps.texts });
  const registrationConsole = createRegistrationConsole({ prisma: deps.prisma, sql: deps.sql, crypto, localities });
  const outcomes = createOutcomeService({ prisma: deps.prisma, texts: deps.texts, matchCompany: deps.matchCompany, now: deps.now });
  return {
    service,
    claims: createRegistrationClaims({ prisma: deps.prisma, sql: deps.sql, crypto, service, now: deps.now }),
    localities,
    exportMonthlyList,
    console: registrationConsole,
    statistics: registrationConsole.statistics,
    outcomes,
    facts: createRegistrationFacts(deps.prisma),
    localityOf: (owner) => service.localityOf(owner),
    texts: deps.texts,
  };
}

/**
 * Where the encryption key comes from: configuration first; for the embedded database a key
 * file beside the data; for a throw-away in-memory database a throw-away key. A PostgreSQL
 * server without a configured key is refused (config.ts already refuses DATABASE_URL without
 * one); test runs, whose PostgreSQL databases are dropped afterwards, get a throw-away key.
 * `source` names it in messages ("REGISTRATION_ENCRYPTION_KEY", "the key file …").
 */
export function resolveRegistrationKey(options: { configuredKey?: Buffer; databaseOptions: DatabaseOptions; environment: string; logger: Logger }): {
  key: Buffer;
  source: string;
  createdFile?: string;
} {
  if (options.configuredKey) return { key: options.configuredKey, source: "REGISTRATION_ENCRYPTION_KEY" };
  const database = options.databaseOptions;
  if ("dataDir" in database) {
    let createdFile: string | undefined;
    const key = loadOrCreateKeyFile(
      database.dataDir,
      (message) => options.logger.warn(message),
      (file) => (createdFile = path.resolve(file)),
    );
    return { key, source: `the key file ${path.join(database.dataDir, KEY_FILE_NAME)}`, ...(createdFile ? { createdFile } : {}) };
  }
  if ("memory" in database || options.environment === "test") return { key: randomBytes(32), source: "the throw-away test key" };
  throw new RegistrationKeyMissing("REGISTRATION_ENCRYPTION_KEY is required with a PostgreSQL database (make one with: openssl rand -base64 32).");
}
export * from "./validators.js";
export {
  APPLICANT_TYPES,
  COUNTRIES,
  COUNTRY_ALIASES,
  DEPARTURE_CHOICES,
  EDUCATION_LEVELS,
  GENDERS,
  LANGUAGE_CHOICES,
  LOAN_AMOUNT_CHOICES,
  OCCUPATION_CHOICES,
  PRIORITY_GROUPS,
  PROGRAMMES,
  REFERRAL_SOURCES,
  programmesFor,
  type Programme,
} from "./catalogue.js";
export type { CommuneMatch } from "./localities.js";
export type { RegistrationView } from "./registration-codec.js";
export { fileProblemMessage, type OutcomeChange } from "./outcomes/service.js";
export { OutsideScope } from "./exports.js";
export { REGISTRATION_STATUSES } from "./console/console.js";
