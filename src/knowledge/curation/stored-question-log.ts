import type { Logger } from "pino";
import type { PrismaClient } from "../../db/index.js";
import { createLoggedQuestionLog, maskPersonalData, type QuestionLog } from "../question-log.js";
import { groupKeyOf } from "./group-key.js";

/**
 * The question log kept in the database (`question_log`, `answer_feedback`) for the console,
 * and as log lines. Storing is best effort: a database error is logged and the person still
 * gets the answer.
 */
export function createStoredQuestionLog(options: { prisma: PrismaClient; logger: Logger }): QuestionLog {
  const { prisma, logger } = options;
  const lines = createLoggedQuestionLog(logger);
  return {
    async record(record) {
      await lines.record(record);
      const question = maskPersonalData(record.question);
      try {
        await prisma.questionLogEntry.create({
          data: {
            question,
            groupKey: groupKeyOf(question),
            outcome: record.outcome,
            entryId: record.entryId ?? null,
            score: record.score ?? null,
            coverage: record.coverage ?? null,
            channel: record.channel,
            province: record.province ?? null,
          },
        });
      } catch (error) {
        logger.warn({ err: error, outcome: record.outcome, channel: record.channel }, "could not store a question in the question log");
      }
    },
    async feedback(entryId, helpful, channel) {
      await lines.feedback(entryId, helpful, channel);
      try {
        await prisma.answerFeedback.create({ data: { entryId, helpful, channel } });
      } catch (error) {
        logger.warn({ err: error, entryId, channel }, "could not store answer feedback");
      }
    },
  };
}
