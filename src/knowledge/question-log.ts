import type { Logger } from "pino";

export interface QuestionRecord {
  question: string;
  outcome: "answer" | "clarify" | "fallback";
  entryId?: string;
  score?: number;
  coverage?: number;
  channel: string;
}

/** What curators learn from: every question and its outcome, and feedback on answers. */
export interface QuestionLog {
  record(record: QuestionRecord): void;
  feedback(entryId: string, helpful: boolean, channel: string): void;
}

/**
 * Phone numbers and ID-like numbers (9–12 digits, with or without separators) are masked
 * before a question is kept anywhere: people paste their CCCD or phone into questions.
 */
export function maskPersonalData(text: string): string {
  return text.replace(/(?<!\d)\+?\d(?:[\s.-]?\d){8,11}(?!\d)/g, (match) => {
    const digits = match.replace(/\D/g, "");
    return digits.length >= 9 && digits.length <= 12 ? "[số đã ẩn]" : match;
  });
}

/** The log of questions as structured log lines, with personal data masked. */
export function createLoggedQuestionLog(logger: Logger): QuestionLog {
  return {
    record(record) {
      logger.info({ curator: "question", ...record, question: maskPersonalData(record.question) }, "question answered");
    },
    feedback(entryId, helpful, channel) {
      logger.info({ curator: "feedback", entryId, helpful, channel }, "answer feedback");
    },
  };
}
