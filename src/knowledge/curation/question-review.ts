import type { Prisma, PrismaClient } from "../../db/index.js";
import type { LocalityScope } from "../../staff/index.js";
import type { KnowledgeHolder } from "./knowledge-holder.js";
import { groupQuestions, type LoggedQuestion } from "./grouping.js";

/**
 * Answers below this coverage count as low-confidence for curators. On the development
 * questions coverage tells wrong answers from right ones only weakly (below 0.5: 51 of 64 wrong
 * answers, 152 of 298 right ones), so curators narrow or widen the band per request.
 */
export const defaultLowCoverage = 0.5;

// Grouping runs in memory: past this many questions in a period, the oldest are left out (and the answer says so).
const questionLimit = 20_000;

/** The unanswered and low-confidence questions, grouped for curators, and 👍/👎 per entry. */
export function createQuestionReview(options: { prisma: PrismaClient; knowledge: KnowledgeHolder }) {
  const { prisma, knowledge } = options;

  return {
    async unhandledGroups(query: { since: Date; maxCoverage: number; scope: LocalityScope }) {
      const rows = await prisma.questionLogEntry.findMany({
        where: {
          handledAt: null,
          createdAt: { gte: query.since },
          AND: [{ OR: [{ outcome: { in: ["clarify", "fallback"] } }, { outcome: "answer", coverage: { lt: query.maxCoverage } }] }, visibleIn(query.scope)],
        },
        select: { question: true, groupKey: true, outcome: true, entryId: true, createdAt: true },
        orderBy: { createdAt: "desc" },
        take: questionLimit + 1,
      });
      const truncated = rows.length > questionLimit;
      // Only the knowledge feature writes these rows, with one of its outcomes.
      const groups = groupQuestions(
        rows
          .slice(0, questionLimit)
          .map((row) => ({ ...row, entryId: row.entryId && currentId(row.entryId), outcome: row.outcome as LoggedQuestion["outcome"] })),
      );
      return {
        truncated,
        groups: groups.map(({ suggestedEntryId, ...group }) => ({ ...group, suggestedEntry: entryRef(suggestedEntryId) })),
      };
    },

    /** Every unhandled question of these groups that the principal can see; returns how many. */
    async markHandled(keys: string[], scope: LocalityScope, actor: string): Promise<number> {
      const { count } = await prisma.questionLogEntry.updateMany({
        where: { groupKey: { in: keys }, handledAt: null, ...visibleIn(scope) },
        data: { handledAt: new Date(), handledBy: actor },
      });
      return count;
    },

    /** Entries with their 👍 and 👎, worst first: lowest share of 👍, then most 👎. */
    async feedbackPerEntry(since?: Date) {
      const counts = await prisma.answerFeedback.groupBy({
        by: ["entryId", "helpful"],
        where: since ? { createdAt: { gte: since } } : {},
        _count: { _all: true },
      });
      const perEntry = new Map<string, { helpful: number; notHelpful: number }>();
      for (const row of counts) {
        const entryId = currentId(row.entryId);
        const tally = perEntry.get(entryId) ?? { helpful: 0, notHelpful: 0 };
        if (row.helpful) tally.helpful += row._count._all;
        else tally.notHelpful += row._count._all;
        perEntry.set(entryId, tally);
      }
      return [...perEntry]
        .map(([entryId, tally]) => ({
          entryId,
          title: knowledge.current.entry(entryId)?.title ?? null,
          ...tally,
          ratio: Math.round((tally.helpful / (tally.helpful + tally.notHelpful)) * 1000) / 1000,
        }))
        .sort((a, b) => a.ratio - b.ratio || b.notHelpful - a.notHelpful || a.entryId.localeCompare(b.entryId));
    },
  };

  /**
   * Rows keep the id an entry had when the question was asked; after a merge that id is an
   * alias, and its questions and votes count for the entry it became.
   */
  function currentId(entryId: string): string {
    return knowledge.current.entry(entryId)?.id ?? entryId;
  }

  /** The title is null when the entry has left the content since. */
  function entryRef(entryId: string | null) {
    return entryId ? { id: entryId, title: knowledge.current.entry(entryId)?.title ?? null } : null;
  }
}
export type QuestionReview = ReturnType<typeof createQuestionReview>;

/** Province and commune staff see the questions of their province and those from people whose province is unknown. */
function visibleIn(scope: LocalityScope): Prisma.QuestionLogEntryWhereInput {
  return scope.provinceCode === undefined ? {} : { OR: [{ province: scope.provinceCode }, { province: null }] };
}
