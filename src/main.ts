import { createApplication } from "./app/index.js";
import { contentDir } from "./paths.js";
import { ConfigError, loadConfigOrExit } from "./config.js";
import { DatabaseUnavailable, EmbeddedDatabaseInUse } from "./db/index.js";
import { createLogger } from "./logger.js";
import { loadConsoleTexts } from "./server/index.js";
import { describeStartup } from "./startup.js";
import { RegistrationKeyMismatch, RegistrationKeyMissing } from "./registrations/index.js";

const startedAt = performance.now();
const consoleTexts = loadConsoleTexts(`${contentDir}/console/vi.yaml`);

async function main() {
  const config = loadConfigOrExit();
  // JSON for machines (a service manager, docker logs); readable lines when a person watches a terminal.
  const logger = createLogger({ level: config.logLevel, pretty: Boolean(process.stdout.isTTY) && config.env !== "production" });
  let app;
  try {
    app = await createApplication(config, logger);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse) {
      logger.fatal(error.message);
      process.exit(75);
    }
    // 78 (EX_CONFIG) for a wrong password or database, 69 (EX_UNAVAILABLE) for a server not there.
    if (error instanceof DatabaseUnavailable) {
      logger.fatal(error.message);
      process.exit(error.kind === "configuration" ? 78 : 69);
    }
    // The key does not open this database's data: a configuration error, said as config.ts says them.
    if (error instanceof RegistrationKeyMismatch || error instanceof RegistrationKeyMissing) {
      console.error(new ConfigError([error.message]).message);
      process.exit(78);
    }
    throw error;
  }
  await app.start();
  const administrators = await app.database.prisma.staffAccount.count({ where: { role: "admin", active: true } });
  const startup = describeStartup({ config, administrators, keyFileCreated: app.registrationKeyCreated });
  const say = (key: string, params: Record<string, string>) => consoleTexts[key]!.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  logger.info(
    {
      url: startup.chatUrl,
      consoleUrl: startup.consoleUrl,
      database: app.database.kind,
      telegram: config.telegram ? (config.telegram.webhook ? "webhook" : "polling") : "off",
      readyMs: Math.round(performance.now() - startedAt),
      note: say("startup.ready", { chatUrl: startup.chatUrl, consoleUrl: startup.consoleUrl }),
    },
    "ready",
  );
  for (const notice of startup.notices) logger[notice.level](notice.fields, say(notice.textKey, notice.fields));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const forced = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownGraceMs);
    forced.unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
