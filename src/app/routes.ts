import type { FastifyInstance } from "fastify";
import { announcementRoutes } from "../announcements/http/index.js";
import type { AnnouncementDelivery } from "../announcements/index.js";
import { registrationStatuses } from "../announcements/index.js";
import { webChatRoutes } from "../bot/channels/web/index.js";
import type { BotCore } from "../bot/core/index.js";
import { companyErrorAnswers, companyRoutes } from "../companies/http/index.js";
import type { AppConfig } from "../config.js";
import { handoffErrorAnswers, handoffRoutes } from "../handoffs/http/index.js";
import type { HandoffInbox } from "../handoffs/index.js";
import { knowledgeCurationRoutes } from "../knowledge/http/index.js";
import { loanRoutes } from "../loans/http/index.js";
import { contentDir, publicDir } from "../paths.js";
import { planErrorAnswers, planRoutes } from "../plans/http/index.js";
import { registerClaimRoutes, registrationErrorAnswers, registrationRoutes } from "../registrations/http/index.js";
import type { ClaimContact } from "../bot/features/registration/index.js";
import { reportErrorAnswers, reportRoutes } from "../reports/http/index.js";
import {
  joinErrorAnswers,
  loadCatalogueLabels,
  loadConsoleTexts,
  registerApiDocs,
  registerConsole,
  registerConsoleCatalogue,
  staffAccessFor,
  type ErrorAnswers,
} from "../server/index.js";
import type { OutboundSender, Texts } from "../shared/index.js";
import { staffErrorAnswers, staffRoutes } from "../staff/http/index.js";
import type { PlatformChannel } from "./channels.js";
import type { Domains } from "./domains.js";

type Plugin = (app: FastifyInstance) => void;

/** Every route of the server, in the order they are registered: webhooks, the web chat, then the staff console and its API. */
export function routeList(deps: {
  config: AppConfig;
  core: BotCore;
  domains: Domains;
  texts: Texts;
  channels: PlatformChannel[];
  pushSenders: OutboundSender[];
  announcementDelivery: AnnouncementDelivery;
  handoffInbox: HandoffInbox;
  claimContact: ClaimContact;
}): Plugin[] {
  const { domains, texts } = deps;
  const { registrations, announcements } = domains;
  const access = staffAccessFor(domains.staff, { adminApiToken: deps.config.adminApiToken });
  return [
    ...deps.channels.map(
      (channel): Plugin =>
        (app) =>
          channel.registerRoutes(app),
    ),
    webChatRoutes({
      core: deps.core,
      publicDir,
      sessionsPerAddress: deps.config.webChatSessionsPerAddress,
      updatesFor: domains.handoffs.webChatUpdates,
    }),
    loanRoutes(domains.loanRules),
    staffRoutes(domains.staff, access),
    knowledgeCurationRoutes(domains.knowledgeCuration, access),
    (app) =>
      registerConsole(app, {
        publicDir,
        texts: {
          ...loadCatalogueLabels(`${contentDir}/locales/vi`, ["reg.choice.", "outcome."]),
          ...loadCatalogueLabels(`${contentDir}/reports`, ["report."]),
          ...loadConsoleTexts(`${contentDir}/console/vi.yaml`),
        },
      }),
    (app) => registerApiDocs(app, { guard: access.guard }),
    (app) =>
      registerConsoleCatalogue(app, {
        guard: access.guard,
        catalogue: {
          provinces: registrations.localities.provinces.map((province) => ({ code: province.code, name: province.name })),
          topics: announcements.topics.map((topic) => ({ code: topic.code, label: texts.t("vi", `ann.topic.${topic.code}`) })),
          registrationStatuses: [...registrationStatuses],
          channels: deps.pushSenders.map((sender) => sender.channel),
        },
      }),
    registrationRoutes(registrations, access),
    (app) =>
      registerClaimRoutes(app, {
        ...access,
        claims: registrations.claims,
        // Both accounts hear the outcome; the web chat has no push, its person sees the handoff's reply.
        async onDecided(decision) {
          if (decision.kind !== "confirmed" && decision.kind !== "refused") return;
          if (decision.kind === "confirmed") {
            await deps.claimContact.notify(decision.previousOwner, "reg.claim.ownerMoved", { reference: decision.referenceCode });
            await deps.claimContact.notify(decision.claimant, "reg.claim.confirmed", { code: decision.referenceCode });
          } else {
            await deps.claimContact.notify(decision.claimant, "reg.claim.claimantRefused", {});
            await deps.claimContact.notify(decision.previousOwner, "reg.claim.ownerRefused", { reference: decision.referenceCode });
          }
        },
      }),
    planRoutes(domains.plans, access),
    reportRoutes(domains.reports, access, Math.max(...deps.config.reportReminderDays)),
    announcementRoutes(announcements, deps.announcementDelivery, access),
    handoffRoutes(deps.handoffInbox, access),
    companyRoutes(domains.companies, access),
  ];
}

/** Every domain's named errors and their answers, for the server's one error handler. */
export function errorAnswers(texts: Texts): ErrorAnswers {
  return joinErrorAnswers(companyErrorAnswers, handoffErrorAnswers, planErrorAnswers, registrationErrorAnswers(texts), reportErrorAnswers, staffErrorAnswers);
}
