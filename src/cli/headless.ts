import { parseArgs, type ParseArgsConfig } from "node:util";
import pino from "pino";
import { createApplication, type Application } from "../app/index.js";
import { loadConfigOrExit, type AppConfig } from "../config.js";
import { EmbeddedDatabaseInUse } from "../db/index.js";
import { createLogger } from "../logger.js";

/**
 * The same application as the server, without listening or channels, for command-line
 * tools. Logs go to standard error so standard output stays machine-readable.
 */
export async function openHeadless(options: { memory: boolean; config?: AppConfig }): Promise<Application> {
  const config = { ...(options.config ?? loadConfigOrExit()), telegram: undefined };
  const logger = createCliLogger(config);
  if (options.memory) return createApplication(config, logger, { memory: true });
  try {
    return await createApplication(config, logger);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUse)) throw error;
    console.error(`${error.message}\nUsing a temporary database for this chat instead: it will be forgotten on exit.`);
    return createApplication(config, logger, { memory: true });
  }
}

/** Command-line tools log to standard error, and only warnings unless asked for more. */
export function createCliLogger(config: AppConfig) {
  return createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, pretty: false, destination: pino.destination(2) });
}

/**
 * Reads a tool's `--flags`: the values, or the exit code when there is nothing to run (0 for
 * --help, after printing the usage; 64 for a bad flag, after printing it and the usage).
 */
export function parseCliFlags<T extends NonNullable<ParseArgsConfig["options"]>>(options: T, usage: string) {
  const args = process.argv.slice(2);
  if (args.includes("--help")) {
    console.log(usage);
    return { exitCode: 0 };
  }
  try {
    return { values: parseArgs({ args, options, strict: true }).values };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return { exitCode: 64 };
  }
}
