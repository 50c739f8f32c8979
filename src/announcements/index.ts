import path from "node:path";
import type { Logger } from "pino";
import type { OutboundSender } from "../shared/index.js";
import type { Texts } from "../shared/index.js";
import type { AppConfig } from "../config.js";
import type { PrismaClient } from "../db/index.js";
import type { Localities } from "../registrations/index.js";
import { loadTopics, type PushChannel, type Topic } from "./catalogue.js";
import { systemClock, type Clock } from "./clock.js";
import { createAnnouncementService, type AnnouncementService } from "./service.js";
import { createSubscriptions, type Subscriptions } from "./subscriptions.js";
import { createAnnouncementWorker, type AnnouncementWorker } from "./worker.js";

export { loadTopics, TEXT_LIMITS, pushChannels, type Topic, type PushChannel } from "./catalogue.js";
export { systemClock, type Clock } from "./clock.js";
export { createRateLimiter, type ChannelRateLimit, type RateLimiter } from "./rate-limiter.js";
export { createAnnouncementService, partsFor, tooLongFor, type AnnouncementService, type AnnouncementReport, type DeliveryCounts } from "./service.js";
export { createAnnouncementWorker, type AnnouncementWorker, type AnnouncementWorkerOptions } from "./worker.js";
export { createSubscriptions, type Subscriptions } from "./subscriptions.js";
export { findRecipients, registrationStatuses, stillWanted, targetSchema, type AnnouncementTarget, type Recipient } from "./targeting.js";

export interface Announcements {
  topics: Topic[];
  /** The provinces an announcement may target. */
  provinceCodes: string[];
  /** Where staff test-send an announcement, and the prefix that marks it as a test. */
  testSend: { recipients: { channel: PushChannel; userId: string }[]; prefix: string };
  subscriptions: Subscriptions;
  /**
   * The delivery side, once the channels exist: the Zalo channels are their own senders and
   * need the core, which needs the subscription feature first.
   */
  deliverThrough(senders: OutboundSender[]): AnnouncementDelivery;
}

export interface AnnouncementDelivery {
  service: AnnouncementService;
  worker: AnnouncementWorker;
  /** The channels announcements go out through. */
  senders: OutboundSender[];
}

/** Everything announcements contribute to the application, from what the composition root has. */
export function createAnnouncements(deps: {
  prisma: PrismaClient;
  texts: Texts;
  localities: Localities;
  contentDir: string;
  config: AppConfig["announcements"];
  logger: Logger;
  clock?: Clock;
}): Announcements {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ module: "announcements" });
  const topics = loadTopics(path.join(deps.contentDir, "announcements", "topics.yaml"));
  const subscriptions = createSubscriptions({ prisma: deps.prisma, clock });
  return {
    topics,
    provinceCodes: deps.localities.provinces.map((province) => province.code),
    testSend: { recipients: deps.config.testRecipients, prefix: deps.texts.t("vi", "ann.test.prefix") },
    subscriptions,
    deliverThrough(senders) {
      const reachable = senders.map((sender) => sender.channel as PushChannel);
      const footer = deps.texts.t("vi", "ann.footer");
      const service = createAnnouncementService({ prisma: deps.prisma, reachable, clock, logger, footer });
      const worker = createAnnouncementWorker({
        prisma: deps.prisma,
        footer,
        senders,
        rateLimits: deps.config.rateLimits,
        concurrency: deps.config.workerConcurrency,
        maxAttempts: deps.config.maxAttempts,
        leaseMs: deps.config.leaseMs,
        startDue: () => service.startDue(),
        clock,
        logger,
      });
      return { service, worker, senders };
    },
  };
}
