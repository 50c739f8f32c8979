import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import {
  createBotCore,
  createConversationStore,
  createProcessedUpdates,
  loadTexts,
  type BotCore,
  type Feature,
} from "./bot/index.js";
import { createTelegramChannel, type TelegramChannel } from "./bot/channels/telegram/index.js";
import type { AppConfig } from "./config.js";
import { openDatabase, type Database, type DatabaseOptions } from "./db/index.js";
import { buildServer } from "./server/server.js";

export const contentDir = fileURLToPath(new URL("../content", import.meta.url));

/** What the application needs from a platform channel (Telegram, Zalo…). */
export interface PlatformChannel {
  registerRoutes(app: FastifyInstance): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface Application {
  config: AppConfig;
  database: Database;
  core: BotCore;
  server: FastifyInstance;
  telegram?: TelegramChannel;
  /** Listens on the configured port and starts the channels. */
  start(): Promise<void>;
  /** Graceful: stop taking updates, finish in-flight work, close the database. */
  stop(): Promise<void>;
}

/** The composition root: config → database → domain → core → channels → server. */
export async function createApplication(
  config: AppConfig,
  logger: Logger,
  databaseOptions: DatabaseOptions = config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
): Promise<Application> {
  const database = await openDatabase(databaseOptions);
  try {
    const texts = loadTexts(`${contentDir}/locales`);
    const features: Feature[] = [];
    const core = createBotCore({ store: createConversationStore(database.prisma), texts, features, logger });
    const processedUpdates = createProcessedUpdates(database.prisma);
    const telegram = config.telegram
      ? createTelegramChannel({ ...config.telegram, core, processedUpdates, logger: logger.child({ channel: "telegram" }) })
      : undefined;
    // Every platform channel: its webhook routes, then started after the server listens.
    const channels: PlatformChannel[] = [telegram].filter((channel) => channel !== undefined);
    const server = buildServer({
      core,
      database,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      plugins: channels.map((channel) => (app: FastifyInstance) => channel.registerRoutes(app)),
    });
    const purgeTimer = setInterval(() => {
      processedUpdates.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, "could not purge old update ids"));
    }, 3600_000);
    purgeTimer.unref();

    return {
      config,
      database,
      core,
      server,
      telegram,
      async start() {
        await server.listen({ port: config.port, host: config.host });
        for (const channel of channels) await channel.start();
      },
      async stop() {
        clearInterval(purgeTimer);
        for (const channel of channels) await channel.stop();
        // close() stops accepting connections and waits for in-flight requests.
        await server.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
