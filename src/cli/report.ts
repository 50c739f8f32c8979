import fs from "node:fs";
import path from "node:path";
import { contentDir } from "../paths.js";
import { loadTexts } from "../bot/core/index.js";
import { ConfigError, loadConfigOrExit } from "../config.js";
import { EmbeddedDatabaseInUse, openDatabase } from "../db/index.js";
import { createPlans } from "../plans/index.js";
import { createRegistrations, RegistrationKeyMismatch, RegistrationKeyMissing, resolveRegistrationKey, verifyRegistrationKey } from "../registrations/index.js";
import { createReports, InvalidPeriod, PeriodNotStarted, reportRequest, UnknownPlan } from "../reports/index.js";
import { createCliLogger, parseCliFlags } from "./headless.js";

/**
 * `npm run report -- --plan <code> --period <2026-H1|2026|2026-11> --format docx|xlsx --out FILE`:
 * a plan's period report, as the admin API produces it. Optional: --commune (a commune's own
 * report), --reporting-body (repeat it: parent bodies first), --recipient, --copy (repeatable).
 */
const usage =
  "usage: npm run report -- --plan <plan code> --period <2026-H1|2026|2026-11> [--format docx|xlsx] [--out <file>]\n" +
  '       [--commune "<commune or ward>"] [--reporting-body "<line>" ...] [--recipient "<Kính gửi>"] [--copy "<Nơi nhận>" ...]';

async function main(): Promise<number> {
  const flags = parseCliFlags(
    {
      plan: { type: "string" },
      period: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      commune: { type: "string" },
      "reporting-body": { type: "string", multiple: true },
      recipient: { type: "string" },
      copy: { type: "string", multiple: true },
    },
    usage,
  );
  if (!flags.values) return flags.exitCode;
  const args = flags.values;
  const request = reportRequest.safeParse({
    plan: args.plan,
    period: args.period,
    format: args.format,
    reportingBody: args["reporting-body"],
    recipient: args.recipient,
    copies: args.copy,
  });
  if (!request.success) {
    const flagOf: Record<string, string> = { reportingBody: "reporting-body", copies: "copy" };
    for (const issue of request.error.issues) console.error(`--${flagOf[String(issue.path[0])] ?? String(issue.path[0])} ${issue.message}`);
    console.error(usage);
    return 64;
  }

  const config = loadConfigOrExit();
  const logger = createCliLogger(config);
  const databaseOptions = config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir };
  let database;
  try {
    database = await openDatabase(databaseOptions);
  } catch (error) {
    // A report from an empty temporary database would be a wrong answer.
    if (error instanceof EmbeddedDatabaseInUse) {
      console.error(`${error.message}\nUse the admin API (POST /api/admin/reports/documents) while the server runs.`);
      return 75;
    }
    throw error;
  }
  try {
    const texts = loadTexts(`${contentDir}/locales`);
    const registrationKey = resolveRegistrationKey({ configuredKey: config.registrationKey, databaseOptions, environment: config.env, logger });
    await verifyRegistrationKey({ prisma: database.prisma, key: registrationKey.key, keySource: registrationKey.source });
    const registrations = createRegistrations({
      prisma: database.prisma,
      sql: database.sql,
      key: registrationKey.key,
      texts,
      contentDir,
      logger,
    });
    const plans = createPlans({ prisma: database.prisma, contentDir, localities: registrations.localities, statistics: registrations.statistics });
    // A database the server never started has no targets yet: the same seeding as at start-up.
    await plans.seedTargets();
    const reports = createReports({
      facts: registrations.facts,
      plans: plans.plans,
      listTargets: (filter) => plans.targets.list(filter),
      localities: registrations.localities,
      texts,
      contentDir,
    });
    const plan = plans.plans.find((candidate) => candidate.code === request.data.plan);
    const commune = args.commune && plan ? registrations.localities.normaliseCommune(plan.province, args.commune) : undefined;
    if (args.commune && plan && !commune) {
      console.error(`--commune "${args.commune}" is not a commune or ward name`);
      return 64;
    }
    const file = await reports.service.document(request.data, {
      ...(plan ? { provinceCode: plan.province } : {}),
      ...(commune ? { communeKey: commune.key, communeName: commune.name } : {}),
    });
    const out = path.resolve(args.out ?? file.fileName);
    fs.writeFileSync(out, file.body);
    const { summary } = file.figures;
    console.error(`wrote ${out} (${summary.registered.total} registered, ${summary.departed.total} departed, counted until ${file.figures.countedUntil})`);
    return 0;
  } catch (error) {
    if (error instanceof RegistrationKeyMismatch || error instanceof RegistrationKeyMissing) {
      console.error(new ConfigError([error.message]).message);
      return 78;
    }
    if (error instanceof UnknownPlan) {
      console.error(`--plan: "${error.plan}" is not a plan of content/plans/plans.yaml`);
      return 64;
    }
    if (error instanceof InvalidPeriod || error instanceof PeriodNotStarted) {
      console.error(`--period: ${error.message}`);
      return 64;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
