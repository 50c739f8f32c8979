import type { Logger } from "pino";
import { createAnnouncements } from "../announcements/index.js";
import { createCompanies } from "../companies/index.js";
import type { AppConfig } from "../config.js";
import { createErasureVacuum, type Database, type DatabaseOptions } from "../db/index.js";
import { createHandoffs } from "../handoffs/index.js";
import { createKnowledgeCuration, createKnowledgeHolder, createStoredQuestionLog, loadKnowledgeBase } from "../knowledge/index.js";
import { loadLoanRules } from "../loans/index.js";
import { contentDir } from "../paths.js";
import { createPlans } from "../plans/index.js";
import { createRegistrations, resolveRegistrationKey, verifyRegistrationKey } from "../registrations/index.js";
import { createReports } from "../reports/index.js";
import type { Texts } from "../shared/index.js";
import { createStaff } from "../staff/index.js";

/** Every domain module, built from configuration and the database, in the order they need each other. */
export async function createDomains(deps: { config: AppConfig; database: Database; databaseOptions: DatabaseOptions; texts: Texts; logger: Logger }) {
  const { config, database, texts, logger } = deps;
  const prisma = database.prisma;
  const knowledge = createKnowledgeHolder(() => loadKnowledgeBase(contentDir, config.knowledge));
  const questionLog = createStoredQuestionLog({ prisma, sql: database.sql, logger: logger.child({ module: "knowledge" }) });
  const knowledgeCuration = createKnowledgeCuration({ prisma, knowledge, contentDir });
  const companies = createCompanies({ prisma, contentDir });
  const registrationKey = resolveRegistrationKey({
    configuredKey: config.registrationKey,
    databaseOptions: deps.databaseOptions,
    environment: config.env,
    logger,
  });
  // Before anything is served: another key would fail every person whose data is stored.
  await verifyRegistrationKey({ prisma, key: registrationKey.key, keySource: registrationKey.source });
  const registrations = createRegistrations({
    prisma,
    sql: database.sql,
    key: registrationKey.key,
    texts,
    contentDir,
    logger,
    matchCompany: async (name) => {
      const found = await companies.directory.findByName(name);
      return found.kind === "found" ? { id: found.company.id, name: found.company.name } : undefined;
    },
  });
  const { localities } = registrations;
  const plans = createPlans({ prisma, contentDir, localities, statistics: registrations.statistics });
  await plans.seedTargets();
  const reports = createReports({
    facts: registrations.facts,
    plans: plans.plans,
    listTargets: (filter) => plans.targets.list(filter),
    localities,
    texts,
    contentDir,
  });
  const staff = createStaff({
    prisma,
    communeKey: localities.communeKey,
    provinceCodes: localities.provinces.map((province) => province.code),
    settings: config.staff,
  });
  const announcements = createAnnouncements({ prisma, texts, localities, contentDir, config: config.announcements, logger });
  const handoffs = createHandoffs({ prisma, texts, registeredLocalityOf: registrations.localityOf });
  const loanRules = loadLoanRules(`${contentDir}/loans`);
  // After an erasure the embedded database's files are vacuumed, so deleted rows do not linger on disk.
  const erasureVacuum = createErasureVacuum({ prisma, embedded: database.kind === "embedded", logger });
  return {
    registrationKey,
    erasureVacuum,
    knowledge,
    questionLog,
    knowledgeCuration,
    companies,
    registrations,
    plans,
    reports,
    staff,
    announcements,
    handoffs,
    loanRules,
  };
}
export type Domains = Awaited<ReturnType<typeof createDomains>>;
