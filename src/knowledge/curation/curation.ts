import path from "node:path";
import type { PrismaClient } from "../../db/index.js";
import type { KnowledgeHolder } from "./knowledge-holder.js";
import { createPhrasingProposals } from "./phrasing-proposals.js";
import { createQuestionReview } from "./question-review.js";

/**
 * Curating the knowledge base from the console: grouped unanswered questions, feedback per
 * entry, phrasing proposals approved into `<contentDir>/knowledge`, and reloading the content.
 */
export function createKnowledgeCuration(options: { prisma: PrismaClient; knowledge: KnowledgeHolder; contentDir: string }) {
  const review = createQuestionReview({ prisma: options.prisma, knowledge: options.knowledge });
  const proposals = createPhrasingProposals({ prisma: options.prisma, knowledge: options.knowledge, knowledgeDir: path.join(options.contentDir, "knowledge") });
  return { knowledge: options.knowledge, review, proposals };
}
export type KnowledgeCuration = ReturnType<typeof createKnowledgeCuration>;
