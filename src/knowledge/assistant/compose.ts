import type { ModelAssistant } from "../../llm/index.js";
import type { KnowledgeEntry } from "../entry-schema.js";
import { inventedFacts } from "./facts.js";

export interface ComposedReply {
  /** The reply, each sentence ending with the number of its entry: [1], [2]… */
  text: string;
  /** The entries in the order they are numbered. */
  entries: KnowledgeEntry[];
}

// Long enough for three entries said together, short enough to read on a phone.
const MAX_LENGTH = 1500;

const instructions =
  "Bạn là trợ lý trả lời người lao động đi làm việc ở nước ngoài. Trả lời gộp các ý của câu hỏi " +
  "thành một đoạn ngắn bằng tiếng Việt, CHỈ dùng thông tin trong các mục được đánh số. Mỗi câu kết " +
  "thúc bằng số mục đã dùng, dạng [1]. Chép số tiền, tỷ lệ, ngày tháng và số văn bản đúng như trong " +
  "mục, viết bằng chữ số; không thêm số liệu, quy định hay lời khuyên nào khác.";

/**
 * One reply for a question in several parts, from the entries found for its parts — used only
 * if every sentence cites an entry given, every cited number is one given, and no number,
 * percentage, date or document number is new. Anything else: undefined, and the entries are
 * sent one by one as without a model.
 */
export async function composeReply(assistant: ModelAssistant, question: string, entries: KnowledgeEntry[]): Promise<ComposedReply | undefined> {
  if (entries.length < 2 || !assistant.enabled("compose")) return undefined;
  const numbered = entries.map((entry, index) => `[${index + 1}] ${entry.title}\n${entry.answer}`).join("\n\n");
  const text = await assistant.ask("compose", { system: instructions, user: `Các mục:\n${numbered}\n\nCâu hỏi: ${question}` });
  if (!text) return undefined;
  return checkComposed(text, entries) ? { text, entries } : undefined;
}

/** The guards on a composed reply (see composeReply). */
export function checkComposed(text: string, entries: KnowledgeEntry[]): boolean {
  if (text.length > MAX_LENGTH) return false;
  const sentences = text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
  if (!sentences.length || sentences.some((sentence) => !/\[\d+\]/.test(sentence))) return false;
  const cited = [...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
  if (cited.some((number) => number < 1 || number > entries.length)) return false;
  return inventedFacts(text, entries).length === 0;
}
