import type { Logger } from "pino";
import { createBotCore, createConversationStore, createFloodLimiter, limitFlooding, type BotCore } from "../bot/core/index.js";
import { createCompanyCheckFeature } from "../bot/features/company-check.js";
import { createHandoffFeature } from "../bot/features/handoff/index.js";
import { createKnowledgeFeature } from "../bot/features/knowledge-feature.js";
import { createLoanCheckFeature } from "../bot/features/loan-check/index.js";
import { createRegistrationFeature } from "../bot/features/registration/index.js";
import { createSmallTalk } from "../bot/features/small-talk.js";
import { createAnnouncementFeature } from "../bot/features/subscriptions.js";
import { answerFreeText } from "../bot/free-text.js";
import type { AppConfig } from "../config.js";
import type { Database } from "../db/index.js";
import { contentDir } from "../paths.js";
import type { Texts } from "../shared/index.js";
import type { Domains } from "./domains.js";

/** The bot core with every conversation feature, reached by every channel through the flood limit. */
export function createConversationCore(deps: { config: AppConfig; database: Database; domains: Domains; texts: Texts; logger: Logger }): BotCore {
  const { domains, texts, logger } = deps;
  const knowledge = createKnowledgeFeature({ knowledge: domains.knowledge, texts, questionLog: domains.questionLog });
  const companyCheck = createCompanyCheckFeature({ directory: domains.companies.directory, names: domains.companies.names });
  const subscriptions = createAnnouncementFeature({
    subscriptions: domains.announcements.subscriptions,
    topics: domains.announcements.topics,
    localities: domains.registrations.localities,
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
        localities: domains.registrations.localities,
        logger: logger.child({ feature: "registrations" }),
      }),
      subscriptions.feature,
      createHandoffFeature({ service: domains.handoffs.service }),
    ],
    answerQuestion: answerFreeText({
      unsubscribe: subscriptions.answerUnsubscribeReply,
      smallTalk: smallTalk.answerQuestion,
      companyCheck: companyCheck.answerQuestion,
      knowledge: knowledge.answerQuestion,
    }),
    logger,
  });
  return limitFlooding(core, createFloodLimiter(deps.config.flood));
}
