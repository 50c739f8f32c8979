import type { Logger } from "pino";
import { createBotCore, createConversationStore, createFloodLimiter, limitFlooding } from "../bot/core/index.js";
import { createCompanyCheckFeature } from "../bot/features/company-check.js";
import { createHandoffFeature } from "../bot/features/handoff/index.js";
import { createKnowledgeFeature } from "../bot/features/knowledge-feature.js";
import { createLoanCheckFeature } from "../bot/features/loan-check/index.js";
import { createClaimContact, createRegistrationFeature } from "../bot/features/registration/index.js";
import { createSmallTalk } from "../bot/features/small-talk.js";
import { createStaffLinkFeature } from "../bot/features/staff-link.js";
import { createAnnouncementFeature } from "../bot/features/subscriptions.js";
import { answerFreeText } from "../bot/free-text.js";
import type { AppConfig } from "../config.js";
import type { Database } from "../db/index.js";
import { createConfiguredAssistant } from "../llm/index.js";
import { contentDir } from "../paths.js";
import type { OutboundSender, Texts } from "../shared/index.js";
import type { Domains } from "./domains.js";

/**
 * The bot core with every conversation feature, reached by every channel through the flood
 * limit; and how registration claims reach people (through `senders`, read at each call: the
 * senders exist only once the core does).
 */
export function createConversationCore(deps: {
  config: AppConfig;
  database: Database;
  domains: Domains;
  texts: Texts;
  logger: Logger;
  senders: () => readonly OutboundSender[];
}) {
  const { domains, texts, logger } = deps;
  const claimContact = createClaimContact({ senders: deps.senders, texts, handoffs: domains.handoffs.service });
  // The optional language model (LLM_BASE_URL): it may rephrase answers from the entries, never add facts.
  const languageModel = createConfiguredAssistant(deps.config.llm, logger.child({ module: "llm" }));
  const knowledge = createKnowledgeFeature({ knowledge: domains.knowledge, assistant: languageModel, texts, questionLog: domains.questionLog });
  const companyCheck = createCompanyCheckFeature({ directory: domains.companies.directory, names: domains.companies.names });
  const subscriptions = createAnnouncementFeature({
    subscriptions: domains.announcements.subscriptions,
    topics: domains.announcements.topics,
    localities: domains.registrations.localities,
    elsewhere: deps.config.announcements.elsewhere,
  });
  const smallTalk = createSmallTalk({ file: `${contentDir}/search/small-talk.yaml`, texts });
  const core = createBotCore({
    store: createConversationStore(deps.database),
    texts,
    features: [
      knowledge.feature,
      companyCheck.feature,
      createLoanCheckFeature({ rules: domains.loanRules, texts }),
      createRegistrationFeature({
        service: domains.registrations.service,
        claims: domains.registrations.claims,
        contact: claimContact,
        async afterErase(person) {
          await domains.handoffs.service.eraseFor(person);
          domains.erasureVacuum.schedule();
        },
        localities: domains.registrations.localities,
        outcomeLines: (referenceCode, locale) => domains.registrations.outcomes.citizenStatus(referenceCode, locale),
        logger: logger.child({ feature: "registrations" }),
      }),
      subscriptions.feature,
      createHandoffFeature({ service: domains.handoffs.service, seal: { seal: domains.registrations.service.seal, open: domains.registrations.service.open } }),
      createStaffLinkFeature({ linking: domains.staff.chatLinks, pushChannels: () => deps.senders().map((sender) => sender.channel) }),
    ],
    answerQuestion: answerFreeText({
      unsubscribe: subscriptions.answerUnsubscribeReply,
      smallTalk: smallTalk.answerQuestion,
      companyCheck: companyCheck.answerQuestion,
      knowledge: knowledge.answerQuestion,
    }),
    logger,
  });
  return { core: limitFlooding(core, createFloodLimiter(deps.config.flood)), claimContact, languageModel };
}
