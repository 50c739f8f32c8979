import fs from "node:fs";
import path from "node:path";
import { contentDir } from "../paths.js";
import { loadTexts } from "../bot/core/index.js";
import { ConfigError, loadConfigOrExit } from "../config.js";
import { DatabaseUnavailable, EmbeddedDatabaseInUse, openDatabase } from "../db/index.js";
import { createCliLogger, parseCliFlags } from "./headless.js";
import {
  createRegistrations,
  monthlyListQuery,
  RegistrationKeyMismatch,
  RegistrationKeyMissing,
  resolveRegistrationKey,
  UnknownProvince,
  verifyRegistrationKey,
} from "../registrations/index.js";

/**
 * `npm run export:registrations -- --month 2026-11 --province "Cần Thơ" [--commune "Long Phú"]
 * --format xlsx|csv [--out file]`: the monthly list (Phụ lục IV) that the commune sends on the 10th.
 */
const usage =
  'usage: npm run export:registrations -- --month YYYY-MM --province "<province or city>" [--commune "<commune or ward>"] [--format xlsx|csv] [--out <file>]';

async function main(): Promise<number> {
  const flags = parseCliFlags(
    {
      month: { type: "string" },
      province: { type: "string" },
      commune: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
    },
    usage,
  );
  if (!flags.values) return flags.exitCode;
  const args = flags.values;
  const query = monthlyListQuery.safeParse({ month: args.month, province: args.province, commune: args.commune, format: args.format });
  if (!query.success) {
    for (const issue of query.error.issues) console.error(`--${issue.path.join(".")} ${issue.message}`);
    console.error(usage);
    return 64;
  }

  const config = loadConfigOrExit();
  const logger = createCliLogger(config);
  const databaseOptions = config.databaseUrl ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl } : { dataDir: config.dataDir };
  let database;
  try {
    database = await openDatabase(databaseOptions);
  } catch (error) {
    // Unlike the chat, an export from an empty temporary database would be a wrong answer.
    if (error instanceof EmbeddedDatabaseInUse) {
      console.error(`${error.message}\nUse the admin API (GET /api/admin/registrations/monthly-list) while the server runs.`);
      return 75;
    }
    if (error instanceof DatabaseUnavailable) {
      console.error(error.message);
      return error.kind === "configuration" ? 78 : 69;
    }
    throw error;
  }
  try {
    const registrationKey = resolveRegistrationKey({ configuredKey: config.registrationKey, databaseOptions, environment: config.env, logger });
    await verifyRegistrationKey({ prisma: database.prisma, key: registrationKey.key, keySource: registrationKey.source });
    const registrations = createRegistrations({
      prisma: database.prisma,
      sql: database.sql,
      key: registrationKey.key,
      texts: loadTexts(`${contentDir}/locales`),
      contentDir,
      logger,
    });
    const file = await registrations.exportMonthlyList(query.data);
    const out = path.resolve(args.out ?? file.fileName);
    // The file holds citizen IDs and phones: readable by its owner only.
    fs.writeFileSync(out, file.body, { mode: 0o600 });
    console.error(`wrote ${out} (${file.rows} registrations)`);
    return 0;
  } catch (error) {
    if (error instanceof UnknownProvince) {
      console.error(`--province: "${error.province}" is not a known province or city`);
      return 64;
    }
    if (error instanceof RegistrationKeyMismatch || error instanceof RegistrationKeyMissing) {
      console.error(new ConfigError([error.message]).message);
      return 78;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
