import type { ModelAssistant } from "../../llm/index.js";
import type { KnowledgeBase } from "../knowledge-base.js";
import { KnowledgeRetriever } from "../langchain.js";

// The entries the search ranked closest, even below the bar for an answer: the model sees
// their titles and questions — the knowledge base's own words — and nothing else of it.
const CANDIDATES = 8;
const MAX_LENGTH = 300;
/** The model's way of saying that the question is not one the entries are about. */
export const NOT_OURS = "KHONG";

const instructions =
  "Bạn giúp tìm câu trả lời trong cơ sở tri thức về người Việt đi làm việc, học tập ở nước ngoài " +
  "(vay vốn, chi phí, thủ tục, thị trường, quyền lợi, công ty môi giới). Viết lại câu hỏi của người dân " +
  "thành MỘT câu hỏi ngắn, tiếng Việt có dấu, dùng từ ngữ của các mục dưới đây khi câu hỏi đúng là về " +
  "chúng. Giữ nguyên nơi đến và địa phương người hỏi nêu. Không trả lời câu hỏi. Nếu câu hỏi không " +
  `thuộc lĩnh vực này, chỉ viết: ${NOT_OURS}`;

/**
 * The question in the knowledge base's words, or undefined (no model, the model failed, or it
 * says the question is not about what the entries cover). The caller searches again with it.
 */
export async function rewriteQuestion(
  assistant: ModelAssistant,
  knowledge: KnowledgeBase,
  question: string,
  province?: string | null,
): Promise<string | undefined> {
  if (!assistant.enabled("rewrite")) return undefined;
  const documents = await new KnowledgeRetriever(knowledge, { limit: CANDIDATES, province: province ?? undefined }).invoke(question);
  const entries = documents.map((document) => knowledge.entry(String(document.metadata.id))).filter((entry) => entry !== undefined);
  const listed = entries.map((entry) => `- ${entry.title} (ví dụ: ${entry.questions[0]})`).join("\n");
  const text = await assistant.ask("rewrite", {
    system: instructions,
    user: `${listed ? `Các mục gần nhất:\n${listed}\n\n` : ""}Câu hỏi của người dân: ${question}`,
  });
  const line = text
    ?.split("\n")
    .map((part) => part.trim())
    .find(Boolean)
    ?.replace(/^["'“«]+|["'”»]+$/g, "")
    .trim();
  if (!line || line.length > MAX_LENGTH || line.toUpperCase().startsWith(NOT_OURS)) return undefined;
  return line;
}
