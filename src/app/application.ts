import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { AnnouncementDelivery, Announcements } from "../announcements/index.js";
import type { TelegramChannel } from "../bot/channels/telegram/index.js";
import type { ZaloBotChannel } from "../bot/channels/zalo-bot/index.js";
import type { ZaloOaChannel } from "../bot/channels/zalo-oa/index.js";
import type { BotCore } from "../bot/core/index.js";
import type { AppConfig } from "../config.js";
import { openDatabase, purgeExpiredPersonalData, type Database, type DatabaseOptions } from "../db/index.js";
import { contentDir } from "../paths.js";
import type { ModelAssistant } from "../llm/index.js";
import type { Registrations } from "../registrations/index.js";
import { buildServer } from "../server/index.js";
import { loadTexts, type OutboundSender } from "../shared/index.js";
import type { Staff } from "../staff/index.js";
import { createPlatformChannels } from "./channels.js";
import { createConversationCore } from "./conversation.js";
import { createDomains, type Domains } from "./domains.js";
import { startJobs } from "./jobs.js";
import { staffReminderJob } from "./reminders.js";
import { errorAnswers, routeList } from "./routes.js";

export interface Application {
  config: AppConfig;
  database: Database;
  core: BotCore;
  server: FastifyInstance;
  telegram?: TelegramChannel;
  registrations: Registrations;
  staff: Staff;
  announcements: Announcements & AnnouncementDelivery;
  /** Runs after an erasure on the embedded database (exposed so tests can wait for it). */
  erasureVacuum: Domains["erasureVacuum"];
  /** Also the Zalo senders (`sendText`) for announcements. */
  zaloBot?: ZaloBotChannel;
  zaloOa?: ZaloOaChannel;
  /** The key file this start created (the first start with the embedded database), to back up. */
  registrationKeyCreated?: string;
  /** The optional language model (LLM_BASE_URL), with its usage; absent: none. */
  languageModel?: ModelAssistant;
  /** Listens on the configured port and starts the channels. */
  start(): Promise<void>;
  /** Graceful: stop taking updates, finish in-flight work, close the database. */
  stop(): Promise<void>;
}

/** The composition root: config → database → domains → core → channels → server and jobs. */
export async function createApplication(
  config: AppConfig,
  logger: Logger,
  databaseOptions: DatabaseOptions = config.databaseUrl ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl } : { dataDir: config.dataDir },
): Promise<Application> {
  const database = await openDatabase(withStartupWait(databaseOptions, config, logger));
  try {
    const texts = loadTexts(`${contentDir}/locales`);
    const domains = await createDomains({ config, database, databaseOptions, texts, logger });
    let pushSenders: OutboundSender[] = [];
    const { core, claimContact, languageModel } = createConversationCore({ config, database, domains, texts, logger, senders: () => pushSenders });
    const channels = createPlatformChannels({ config, core, database, logger });
    pushSenders = channels.pushSenders;
    const announcementDelivery = domains.announcements.deliverThrough(channels.pushSenders);
    const handoffInbox = domains.handoffs.deliverThrough(channels.pushSenders);
    const server = buildServer({
      database,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      trustedProxies: config.trustedProxies,
      errorAnswers: errorAnswers(texts),
      plugins: routeList({ config, core, domains, texts, channels: channels.all, pushSenders, announcementDelivery, handoffInbox, claimContact }),
    });
    const jobs = startJobs(
      [
        { what: "purge old update ids", everyMs: 3600_000, run: () => channels.processedUpdates.purgeExpired() },
        { what: "purge expired staff sessions", everyMs: 3600_000, run: () => domains.staff.sessions.purgeExpired() },
        staffReminderJob({ config, domains, texts, senders: () => pushSenders, logger }),
        { what: "purge old registration drafts", everyMs: 6 * 3600_000, run: () => domains.registrations.service.drafts.purgeExpired() },
        // Retention (SECURITY.md): at start, then daily.
        {
          what: "purge old personal data",
          everyMs: 86_400_000,
          atStart: true,
          run: async () => logger.info(await purgeExpiredPersonalData(database.prisma, config.retention), "old personal data purged"),
        },
      ],
      logger,
    );
    return {
      config,
      database,
      core,
      server,
      telegram: channels.telegram,
      registrations: domains.registrations,
      staff: domains.staff,
      announcements: { ...domains.announcements, ...announcementDelivery },
      erasureVacuum: domains.erasureVacuum,
      zaloBot: channels.zaloBot,
      zaloOa: channels.zaloOa,
      languageModel,
      ...(domains.registrationKey.createdFile ? { registrationKeyCreated: domains.registrationKey.createdFile } : {}),
      async start() {
        await jobs.runAtStart();
        await server.listen({ port: config.port, host: config.host });
        for (const channel of channels.all) await channel.start();
        announcementDelivery.worker.start();
      },
      async stop() {
        jobs.stop();
        await domains.erasureVacuum.flush();
        // First: the sends in flight finish and are recorded before anything they need closes.
        await announcementDelivery.worker.stop();
        for (const channel of channels.all) await channel.stop();
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

/** A PostgreSQL server may still be starting (compose, a restart): wait for it, saying so. */
function withStartupWait(options: DatabaseOptions, config: AppConfig, logger: Logger): DatabaseOptions {
  if (!("url" in options) || options.startup) return options;
  return {
    ...options,
    startup: {
      waitMs: config.databaseWaitSeconds * 1000,
      onWaiting: (problem, retryInMs) => logger.warn(`${problem}; trying again in ${Math.round(retryInMs / 100) / 10} s`),
    },
  };
}
