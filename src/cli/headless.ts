import pino from "pino";
import { createApplication, type Application } from "../app.js";
import { ConfigError, loadConfig } from "../config.js";
import { EmbeddedDatabaseInUse } from "../db/index.js";
import { createLogger } from "../logger.js";

/**
 * The same application as the server, without listening or channels, for command-line
 * tools. Logs go to standard error so standard output stays machine-readable.
 */
export async function openHeadless(options: { memory: boolean }): Promise<Application> {
  let config;
  try {
    config = { ...loadConfig(), telegram: undefined };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, pretty: false, destination: pino.destination(2) });
  if (options.memory) return createApplication(config, logger, { memory: true });
  try {
    return await createApplication(config, logger);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUse)) throw error;
    console.error(`${error.message}\nUsing a temporary database for this chat instead: it will be forgotten on exit.`);
    return createApplication(config, logger, { memory: true });
  }
}
