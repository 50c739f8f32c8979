import type { ModelAssistant } from "../../llm/index.js";
import type { KnowledgeEntry } from "../entry-schema.js";
import type { KnowledgeBase } from "../knowledge-base.js";

// The entries the search ranked closest for the group's questions: the model chooses among them only.
const CANDIDATES = 5;
const MIN_LENGTH = 8;
const MAX_LENGTH = 200;

const instructions =
  "Bạn giúp cán bộ bổ sung cách hỏi cho cơ sở tri thức về người Việt đi làm việc ở nước ngoài. " +
  "Dưới đây là một nhóm câu hỏi người dân đã hỏi mà chưa được trả lời tốt, và các mục được đánh số. " +
  "Nếu một mục trả lời đúng các câu hỏi đó, viết MỘT dòng: số mục trong ngoặc vuông rồi một cách hỏi " +
  "ngắn theo lời người dân, ví dụ: [2] vay đi Nhật được bao nhiêu tiền. Nếu không mục nào trả lời, chỉ viết: KHONG";

/**
 * A new phrasing for a group of questions the knowledge base answered badly, and the entry it
 * belongs to — one of the entries the search retrieved for them, never another. A suggestion
 * only: it becomes a pending proposal that a curator approves or rejects as any other.
 */
export async function suggestPhrasing(
  assistant: ModelAssistant,
  knowledge: KnowledgeBase,
  group: { examples: string[]; suggestedEntryId: string | null },
): Promise<{ entryId: string; question: string } | undefined> {
  if (!assistant.enabled("phrasings") || !group.examples.length) return undefined;
  const suggested = group.suggestedEntryId ? knowledge.entry(group.suggestedEntryId) : undefined;
  const found = group.examples.flatMap((example) => knowledge.search(example, { limit: CANDIDATES }).map((hit) => hit.entry));
  const entries = [...new Map([...(suggested ? [suggested] : []), ...found].map((entry) => [entry.id, entry])).values()].slice(0, CANDIDATES);
  if (!entries.length) return undefined;
  const text = await assistant.ask("phrasings", {
    system: instructions,
    user: `Các câu hỏi:\n${group.examples.map((example) => `- ${example}`).join("\n")}\n\nCác mục:\n${numbered(entries)}`,
  });
  const match = /^\[(\d+)\]\s*(.+)$/.exec(text?.split("\n")[0]?.trim() ?? "");
  const entry = match ? entries[Number(match[1]) - 1] : undefined;
  const question = match?.[2]!.replace(/^["'“]+|["'”]+$/g, "").trim();
  // A masked number or name in a phrasing would teach the search a placeholder.
  if (!entry || !question || question.length < MIN_LENGTH || question.length > MAX_LENGTH || question.includes("đã ẩn]")) return undefined;
  return { entryId: entry.id, question };
}

function numbered(entries: KnowledgeEntry[]): string {
  return entries.map((entry, index) => `[${index + 1}] ${entry.title}\n${entry.questions.slice(0, 2).join("; ")}`).join("\n\n");
}
