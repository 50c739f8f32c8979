import type { Logger } from "pino";
import type { DirectSql, PrismaClient } from "../../db/index.js";
import { createLoggedQuestionLog, maskPersonalData, type QuestionLog } from "../question-log.js";
import { groupKeyOf } from "./group-key.js";

// Written for every question asked: plain SQL (see DirectSql).
const INSERT_QUESTION = `
  INSERT INTO question_log (question, group_key, outcome, entry_id, score, coverage, channel, province, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() AT TIME ZONE 'UTC')`;

/**
 * The question log kept in the database (`question_log`, `answer_feedback`) for the console,
 * and as log lines. Storing is best effort: a database error is logged and the person still
 * gets the answer.
 */
export function createStoredQuestionLog(options: { prisma: PrismaClient; sql: DirectSql; logger: Logger }): QuestionLog {
  const { prisma, sql, logger } = options;
  const lines = createLoggedQuestionLog(logger);
  return {
    async record(record) {
      await lines.record(record);
      const question = maskPersonalData(record.question);
      try {
        await sql.execute(INSERT_QUESTION, [
          question,
          groupKeyOf(question),
          record.outcome,
          record.entryId ?? null,
          record.score ?? null,
          record.coverage ?? null,
          record.channel,
          record.province ?? null,
        ]);
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
