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
import { createTelegramChannel, createTelegramPushSender, type TelegramChannel } from "./bot/channels/telegram/index.js";
import type { OutboundSender } from "./bot/channels/outbound.js";
import { createAnnouncements, registrationStatuses, type AnnouncementDelivery, type Announcements } from "./announcements/index.js";
import { createZaloBotChannel, type ZaloBotChannel } from "./bot/channels/zalo-bot/index.js";
import { createZaloOaChannel, type ZaloOaChannel } from "./bot/channels/zalo-oa/index.js";
import type { AppConfig } from "./config.js";
import { createErasureVacuum, openDatabase, purgeExpiredPersonalData, type Database, type DatabaseOptions } from "./db/index.js";
import { createLoanCheckFeature, LOAN_FLOW_ID } from "./bot/features/loan-check/loan-check.js";
import { createRegistrationFeature } from "./bot/features/registration/flow.js";
import { createAnnouncementFeature } from "./bot/features/subscriptions.js";
import { createCompanyCheckFeature } from "./bot/features/company-check.js";
import { createCompanies } from "./companies/index.js";
import { isLoanCheckRequest, loadLoanRules, registerLoanEstimateRoute } from "./loans/index.js";
import { loadKnowledgeBase } from "./knowledge/index.js";
import { createKnowledgeCuration, createKnowledgeHolder, createStoredQuestionLog } from "./knowledge/curation/index.js";
import { createKnowledgeFeature } from "./bot/features/knowledge-feature.js";
import { createConfiguredAssistant, type ModelAssistant } from "./llm/index.js";
import { createHandoffFeature } from "./bot/features/handoff/handoff-feature.js";
import { registerWebChatUpdates } from "./bot/channels/web/chat-updates.js";
import { createHandoffs } from "./handoffs/index.js";
import {
  createRegistrations,
  registerClaimRoutes,
  resolveRegistrationKey,
  verifyRegistrationKey,
  type Registrations,
} from "./registrations/index.js";
import { createClaimContact } from "./bot/features/registration/claim-contact.js";
import { createPlans } from "./plans/index.js";
import { createReports } from "./reports/index.js";
import { buildServer, publicDir } from "./server/server.js";
import { loadCatalogueLabels, loadConsoleTexts, registerApiDocs, registerConsole, registerConsoleCatalogue } from "./server/console.js";
import { createStaff, type Staff } from "./staff/index.js";
import { createFloodLimiter, limitFlooding } from "./bot/flood-limit.js";
import { createSmallTalk } from "./bot/features/small-talk.js";
import { answerRegistrationRequest, answerStaffRequest } from "./bot/features/requests.js";

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
  registrations: Registrations;
  staff: Staff;
  announcements: Announcements & AnnouncementDelivery;
  /** Runs after an erasure on the embedded database (exposed so tests can wait for it). */
  erasureVacuum: ReturnType<typeof createErasureVacuum>;
  /** Also the Zalo senders (`sendText`) for announcements. */
  zaloBot?: ZaloBotChannel;
  zaloOa?: ZaloOaChannel;
  /** The optional language model (LLM_BASE_URL), with its usage; absent: none. */
  languageModel?: ModelAssistant;
  /** The key file this start created (the first start with the embedded database), to back up. */
  registrationKeyCreated?: string;
  /** Listens on the configured port and starts the channels. */
  start(): Promise<void>;
  /** Graceful: stop taking updates, finish in-flight work, close the database. */
  stop(): Promise<void>;
}

/** The composition root: config → database → domain → core → channels → server. */
export async function createApplication(
  config: AppConfig,
  logger: Logger,
  databaseOptions: DatabaseOptions = config.databaseUrl
    ? { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl }
    : { dataDir: config.dataDir },
): Promise<Application> {
  const database = await openDatabase(
    "url" in databaseOptions && !databaseOptions.startup
      ? {
          ...databaseOptions,
          startup: {
            waitMs: config.databaseWaitSeconds * 1000,
            onWaiting: (problem, retryInMs) => logger.warn(`${problem}; trying again in ${Math.round(retryInMs / 100) / 10} s`),
          },
        }
      : databaseOptions,
  );
  try {
    const texts = loadTexts(`${contentDir}/locales`);
    const loanRules = loadLoanRules(`${contentDir}/loans`);
    const knowledgeBase = createKnowledgeHolder(() => loadKnowledgeBase(contentDir, config.knowledge));
    const languageModel = createConfiguredAssistant(config.llm, logger.child({ module: "llm" }));
    const knowledge = createKnowledgeFeature({
      knowledge: knowledgeBase,
      assistant: languageModel,
      texts,
      questionLog: createStoredQuestionLog({ prisma: database.prisma, logger: logger.child({ module: "knowledge" }) }),
    });
    const knowledgeCuration = createKnowledgeCuration({ prisma: database.prisma, knowledge: knowledgeBase, contentDir });
    const companies = createCompanies({ prisma: database.prisma, contentDir });
    const registrationKey = resolveRegistrationKey({ configuredKey: config.registrationKey, databaseOptions, environment: config.env, logger });
    // Before anything is served: another key would fail every person whose data is stored.
    await verifyRegistrationKey({ prisma: database.prisma, key: registrationKey.key, keySource: registrationKey.source });
    const registrations = createRegistrations({
      prisma: database.prisma,
      key: registrationKey.key,
      texts,
      contentDir,
      logger,
      matchCompany: async (name) => {
        const found = await companies.directory.findByName(name);
        return found.kind === "found" ? { id: found.company.id, name: found.company.name } : undefined;
      },
    });
    const plans = createPlans({ prisma: database.prisma, contentDir, localities: registrations.localities, statistics: registrations.statistics });
    await plans.seedTargets();
    const reports = createReports({
      facts: registrations.facts,
      plans: plans.plans,
      listTargets: (filter) => plans.targets.list(filter),
      localities: registrations.localities,
      texts,
      contentDir,
    });
    const staff = createStaff({
      prisma: database.prisma,
      communeKey: registrations.localities.communeKey,
      provinceCodes: registrations.localities.provinces.map((province) => province.code),
      adminApiToken: config.adminApiToken,
      settings: config.staff,
    });
    const announcements = createAnnouncements({
      prisma: database.prisma,
      texts,
      localities: registrations.localities,
      contentDir,
      config: config.announcements,
      logger,
    });
    const subscriptions = createAnnouncementFeature({
      subscriptions: announcements.subscriptions,
      topics: announcements.topics,
      localities: registrations.localities,
      elsewhere: config.announcements.elsewhere,
    });
    const handoffs = createHandoffs({ prisma: database.prisma, texts, registeredLocalityOf: registrations.localityOf });
    // The senders exist only once the core does (they need it): claims reach them late.
    let claimSenders: OutboundSender[] = [];
    const erasureVacuum = createErasureVacuum({ prisma: database.prisma, embedded: database.kind === "embedded", logger });
    const claimContact = createClaimContact({ senders: () => claimSenders, texts, handoffs: handoffs.service });
    const companyCheck = createCompanyCheckFeature({ directory: companies.directory, names: companies.names });
    const features: Feature[] = [
      knowledge.feature,
      companyCheck.feature,
      createLoanCheckFeature({ rules: loanRules, texts }),
      createRegistrationFeature({
        service: registrations.service,
        claims: registrations.claims,
        contact: claimContact,
        async afterErase(person) {
          await handoffs.service.eraseFor(person);
          erasureVacuum.schedule();
        },
        localities: registrations.localities,
        outcomeLines: (referenceCode, locale) => registrations.outcomes.citizenStatus(referenceCode, locale),
        logger: logger.child({ feature: "registrations" }),
      }),
      subscriptions.feature,
      createHandoffFeature({ service: handoffs.service, seal: { seal: registrations.service.seal, open: registrations.service.open } }),
    ];
    const smallTalk = createSmallTalk({ file: `${contentDir}/search/small-talk.yaml`, texts });
    const unlimitedCore = createBotCore({
      store: createConversationStore(database.prisma),
      texts,
      features,
      // Free text outside a flow: "HỦY" unsubscribes; "chào bạn", "cảm ơn" are small talk; "cho tôi
      // gặp cán bộ" and "em muốn đăng ký" ask for those; "tính thử khoản vay" asks for the
      // calculator, not for an article of law; "công ty X có giấy phép không" is looked up in
      // the staff's list; anything else is a question.
      answerQuestion: async (turn, question) =>
        (await subscriptions.answerUnsubscribeReply(turn, question)) ??
        (await smallTalk.answerQuestion(turn, question)) ??
        (await answerStaffRequest(turn, question)) ??
        (await answerRegistrationRequest(turn, question)) ??
        (isLoanCheckRequest(question)
          ? { replies: await turn.startFlow(LOAN_FLOW_ID) }
          : ((await companyCheck.answerQuestion(turn, question)) ?? knowledge.answerQuestion(turn, question))),
      logger,
    });
    // Every channel reaches the core through the flood limit.
    const core = limitFlooding(unlimitedCore, createFloodLimiter(config.flood));
    const processedUpdates = createProcessedUpdates(database.prisma);
    const telegram = config.telegram
      ? createTelegramChannel({ ...config.telegram, core, processedUpdates, logger: logger.child({ channel: "telegram" }) })
      : undefined;
    const zaloBot = config.zaloBot
      ? createZaloBotChannel({
          ...config.zaloBot,
          core,
          processedUpdates,
          prisma: database.prisma,
          logger: logger.child({ channel: "zalo-bot" }),
        })
      : undefined;
    const zaloOa = config.zaloOa
      ? createZaloOaChannel({
          ...config.zaloOa,
          core,
          processedUpdates,
          prisma: database.prisma,
          logger: logger.child({ channel: "zalo-oa" }),
        })
      : undefined;
    // Channels that can push announcements; the Zalo channels are their own senders.
    const pushSenders: OutboundSender[] = [config.telegram ? createTelegramPushSender(config.telegram) : undefined, zaloBot, zaloOa].filter(
      (sender) => sender !== undefined,
    );
    claimSenders = pushSenders;
    const announcementDelivery = announcements.deliverThrough(pushSenders);
    const handoffInbox = handoffs.deliverThrough(pushSenders);
    // Every platform channel: its webhook routes, then started after the server listens.
    const channels: PlatformChannel[] = [telegram, zaloBot, zaloOa].filter((channel) => channel !== undefined);
    const server = buildServer({
      core,
      database,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      trustedProxies: config.trustedProxies,
      webChatSessionsPerAddress: config.webChatSessionsPerAddress,
      plugins: [
        ...channels.map((channel) => (app: FastifyInstance) => channel.registerRoutes(app)),
        (app: FastifyInstance) => registerLoanEstimateRoute(app, { rules: loanRules }),
        (app: FastifyInstance) => staff.registerRoutes(app),
        (app: FastifyInstance) => knowledgeCuration.registerRoutes(app, staff),
        (app: FastifyInstance) => registerConsole(app, {
            publicDir,
            texts: {
              ...loadCatalogueLabels(`${contentDir}/locales/vi`, ["reg.choice.", "outcome."]),
              ...loadCatalogueLabels(`${contentDir}/reports`, ["report."]),
              ...loadConsoleTexts(`${contentDir}/console/vi.yaml`),
            },
          }),
        (app: FastifyInstance) => registerApiDocs(app, { guard: staff.guard }),
        (app: FastifyInstance) =>
          registerConsoleCatalogue(app, {
            guard: staff.guard,
            catalogue: {
              provinces: registrations.localities.provinces.map((province) => ({ code: province.code, name: province.name })),
              topics: announcements.topics.map((topic) => ({ code: topic.code, label: texts.t("vi", `ann.topic.${topic.code}`) })),
              registrationStatuses: [...registrationStatuses],
              channels: pushSenders.map((sender) => sender.channel),
            },
          }),
        (app: FastifyInstance) => registrations.registerRoutes(app, staff),
        (app: FastifyInstance) =>
          registerClaimRoutes(app, {
            ...staff,
            claims: registrations.claims,
            // Both accounts hear the outcome; the web chat has no push, its person sees the handoff's reply.
            async onDecided(decision) {
              if (decision.kind !== "confirmed" && decision.kind !== "refused") return;
              if (decision.kind === "confirmed") {
                await claimContact.notify(decision.previousOwner, "reg.claim.ownerMoved", { reference: decision.referenceCode });
                await claimContact.notify(decision.claimant, "reg.claim.confirmed", { code: decision.referenceCode });
              } else {
                await claimContact.notify(decision.claimant, "reg.claim.claimantRefused", {});
                await claimContact.notify(decision.previousOwner, "reg.claim.ownerRefused", { reference: decision.referenceCode });
              }
            },
          }),
        (app: FastifyInstance) => plans.registerRoutes(app, staff),
        (app: FastifyInstance) => reports.registerRoutes(app, staff),
        (app: FastifyInstance) => announcementDelivery.registerRoutes(app, staff),
        (app: FastifyInstance) => handoffInbox.registerRoutes(app, staff),
        (app: FastifyInstance) => registerWebChatUpdates(app, { updatesFor: handoffs.webChatUpdates }),
        (app: FastifyInstance) => companies.registerRoutes(app, staff),
      ],
    });
    const purgeTimer = setInterval(() => {
      processedUpdates.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, "could not purge old update ids"));
      staff.sessions.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, "could not purge expired staff sessions"));
    }, 3600_000);
    purgeTimer.unref();
    // Retention (SECURITY.md): at start, then daily.
    const purgePersonalData = () =>
      purgeExpiredPersonalData(database.prisma, config.retention)
        .then((counts) => logger.info(counts, "old personal data purged"))
        .catch((error: unknown) => logger.warn({ err: error }, "could not purge old personal data"));
    const retentionTimer = setInterval(purgePersonalData, 86_400_000);
    retentionTimer.unref();
    const draftTimer = setInterval(() => {
      registrations.service.drafts.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, "could not purge old registration drafts"));
    }, 6 * 3600_000);
    draftTimer.unref();

    return {
      config,
      database,
      core,
      server,
      telegram,
      registrations,
      staff,
      announcements: { ...announcements, ...announcementDelivery },
      erasureVacuum,
      zaloBot,
      zaloOa,
      languageModel,
      ...(registrationKey.createdFile ? { registrationKeyCreated: registrationKey.createdFile } : {}),
      async start() {
        await purgePersonalData();
        await server.listen({ port: config.port, host: config.host });
        for (const channel of channels) await channel.start();
        announcementDelivery.worker.start();
      },
      async stop() {
        clearInterval(purgeTimer);
        clearInterval(draftTimer);
        clearInterval(retentionTimer);
        await erasureVacuum.flush();
        // First: the sends in flight finish and are recorded before anything they need closes.
        await announcementDelivery.worker.stop();
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
