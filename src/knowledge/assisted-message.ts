import type { ModelAssistant } from "../llm/index.js";
import { composeReply, type ComposedReply } from "./assistant/compose.js";
import { rewriteQuestion } from "./assistant/rewrite.js";
import type { KnowledgeBase, KnowledgeResult } from "./knowledge-base.js";
import { answerMessage, type MessageAnswer, type PreviousTopic } from "./message.js";

export interface AssistedAnswer extends MessageAnswer {
  /** A question in several parts said in one reply by the model, checked against its entries. */
  composed?: ComposedReply;
  /** The answer was found by searching again with the model's rewording: how much of the question itself the search found. */
  rewritten?: { plainCoverage: number };
}

// A rewording in the entries' own words covers most of an entry that truly answers it; less
// means the model drifted, and an entry found that way is not trusted over the plain result.
const REWRITE_MIN_COVERAGE = 0.5;
// A rewording of a word or two ("thủ tục") matches an entry's title by chance; the model is asked
// for a whole question, and anything shorter is not trusted.
const REWRITE_MIN_WORDS = 3;

/**
 * A message answered as without a model, then — only when a model is configured — helped where
 * search alone falls short: a question it would refuse (not one outside the field) or answer only
 * with "did you mean…" is reworded by the model and searched again; a question in several parts
 * may get one composed reply. The answer is always entries with their sources; whatever the model
 * does wrong, the plain answer stands.
 */
export async function answerMessageWithModel(
  knowledge: KnowledgeBase,
  message: string,
  context: { province?: string | null; previous?: PreviousTopic; now?: Date },
  assistant?: ModelAssistant,
): Promise<AssistedAnswer> {
  const plain = answerMessage(knowledge, message, context);
  if (!assistant) return plain;
  const answer = (await searchAgain(knowledge, message, context, assistant, plain)) ?? plain;
  const answered = answer.parts.flatMap(({ result }) => (result.kind === "answer" ? [result.entry] : []));
  // An expired, superseded or unconfirmed entry carries a warning of its own that one composed
  // reply could lose: such answers stay one entry per reply.
  if (answered.length < 2 || answered.some((entry) => entry.status !== "confirmed" || entry.supersededBy || entry.validUntil)) return answer;
  const composed = await composeReply(assistant, message, answered);
  return composed ? { ...answer, composed } : answer;
}

async function searchAgain(
  knowledge: KnowledgeBase,
  message: string,
  context: { province?: string | null; previous?: PreviousTopic; now?: Date },
  assistant: ModelAssistant,
  plain: MessageAnswer,
): Promise<AssistedAnswer | undefined> {
  const first = plain.parts[0]?.result;
  if (!first || !wouldNotAnswer(first)) return undefined;
  const rewritten = await rewriteQuestion(assistant, knowledge, message, context.province);
  if (!rewritten || rewritten.split(/\s+/).length < REWRITE_MIN_WORDS) return undefined;
  const again = answerMessage(knowledge, rewritten, context);
  const answers = again.parts.flatMap(({ result }) => (result.kind === "answer" ? [result] : []));
  if (!answers.length || answers.some((result) => result.coverage < REWRITE_MIN_COVERAGE)) return undefined;
  return { ...again, english: plain.english, rewritten: { plainCoverage: "coverage" in first ? (first.coverage ?? 0) : 0 } };
}

/** A refusal for want of a match, or "did you mean…" — not a question outside the field. */
function wouldNotAnswer(result: KnowledgeResult): boolean {
  return result.kind === "clarify" || (result.kind === "fallback" && result.reason !== "out-of-scope");
}
