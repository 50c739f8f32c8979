import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { createTelegramChannel, createTelegramPushSender } from "../bot/channels/telegram/index.js";
import { createZaloBotChannel } from "../bot/channels/zalo-bot/index.js";
import { createZaloOaChannel } from "../bot/channels/zalo-oa/index.js";
import { createProcessedUpdates, type BotCore } from "../bot/core/index.js";
import type { AppConfig } from "../config.js";
import type { Database } from "../db/index.js";
import type { OutboundSender } from "../shared/index.js";

/** What the application needs from a platform channel (Telegram, Zalo…). */
export interface PlatformChannel {
  registerRoutes(app: FastifyInstance): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The configured platform channels, and the senders that push announcements and staff messages. */
export function createPlatformChannels(deps: { config: AppConfig; core: BotCore; database: Database; logger: Logger }) {
  const { config, core, database, logger } = deps;
  const processedUpdates = createProcessedUpdates(database);
  const telegram = config.telegram
    ? createTelegramChannel({ ...config.telegram, core, processedUpdates, logger: logger.child({ channel: "telegram" }) })
    : undefined;
  const zaloBot = config.zaloBot
    ? createZaloBotChannel({ ...config.zaloBot, core, processedUpdates, prisma: database.prisma, logger: logger.child({ channel: "zalo-bot" }) })
    : undefined;
  const zaloOa = config.zaloOa
    ? createZaloOaChannel({ ...config.zaloOa, core, processedUpdates, prisma: database.prisma, logger: logger.child({ channel: "zalo-oa" }) })
    : undefined;
  // Channels that can push; the Zalo channels are their own senders.
  const pushSenders: OutboundSender[] = [config.telegram ? createTelegramPushSender(config.telegram) : undefined, zaloBot, zaloOa].filter(
    (sender) => sender !== undefined,
  );
  const all: PlatformChannel[] = [telegram, zaloBot, zaloOa].filter((channel) => channel !== undefined);
  return { telegram, zaloBot, zaloOa, all, pushSenders, processedUpdates };
}
