import type { ModelAssistant } from "../../llm/index.js";
import { suggestPhrasing } from "../assistant/phrasings.js";
import type { KnowledgeHolder } from "./knowledge-holder.js";
import type { PhrasingProposals } from "./phrasing-proposals.js";
import type { QuestionReview } from "./question-review.js";
import { defaultLowCoverage } from "./question-review.js";

/** Who the console shows as having proposed a phrasing the model suggested. */
export const modelProposer = "mô hình ngôn ngữ (gợi ý)";

/**
 * The biggest groups of unanswered questions, each given to the model for a phrasing of the
 * entry that answers them; each suggestion becomes a pending proposal in the console, which a
 * curator approves or rejects as today. Returns how many were proposed.
 */
export async function proposePhrasingsFromModel(options: {
  assistant: ModelAssistant;
  knowledge: KnowledgeHolder;
  review: QuestionReview;
  proposals: PhrasingProposals;
  since: Date;
  groups: number;
}): Promise<number> {
  const { groups } = await options.review.unhandledGroups({ since: options.since, maxCoverage: defaultLowCoverage, scope: {} });
  let proposed = 0;
  for (const group of groups.slice(0, options.groups)) {
    const suggestion = await suggestPhrasing(options.assistant, options.knowledge.current, {
      examples: group.examples,
      suggestedEntryId: group.suggestedEntry?.id ?? null,
    });
    if (!suggestion) continue;
    const result = await options.proposals.propose(suggestion, modelProposer);
    if (result.kind === "proposed") proposed++;
  }
  return proposed;
}
