import type { Logger } from "pino";

export { maskedNumber, maskPersonalData } from "../shared/index.js";

export interface QuestionRecord {
  question: string;
  outcome: "answer" | "clarify" | "fallback";
  /** The entry answered with, or else the best candidate the search found. */
  entryId?: string;
  score?: number;
  coverage?: number;
  channel: string;
  /** The person's province when known. */
  province?: string | null;
}

/** What curators learn from: every question and its outcome, and feedback on answers. */
export interface QuestionLog {
  record(record: QuestionRecord): Promise<void>;
  feedback(entryId: string, helpful: boolean, channel: string): Promise<void>;
}

/**
 * The log of questions as structured log lines for operators: how a question was answered,
 * never what was asked — people type names, birth dates, addresses and passport numbers into
 * questions, and masking cannot find all of them. The text itself is kept (masked) only in the
 * question log table that curators read.
 */
export function createLoggedQuestionLog(logger: Logger): QuestionLog {
  return {
    async record({ question, ...record }) {
      logger.info({ curator: "question", length: question.length, ...record }, "question answered");
    },
    async feedback(entryId, helpful, channel) {
      logger.info({ curator: "feedback", entryId, helpful, channel }, "answer feedback");
    },
  };
}
