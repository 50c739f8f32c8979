import { contentDir } from "../../src/paths.js";
import { createBotCore, createConversationStore, loadTexts, type Feature, type QuestionAnswerer } from "../../src/bot/core/index.js";
import type { Database } from "../../src/db/index.js";
import { silentLogger } from "./app.js";

export const texts = loadTexts(`${contentDir}/locales`);

/** The real core on a test database, with the features a test plugs in. */
export function coreOn(database: Database, options: { features?: Feature[]; answerQuestion?: QuestionAnswerer } = {}) {
  return createBotCore({ store: createConversationStore(database), texts, logger: silentLogger, ...options });
}
