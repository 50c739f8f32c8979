import { Document } from "@langchain/core/documents";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { BaseRetriever } from "@langchain/core/retrievers";
import type { KnowledgeEntry } from "./entry-schema.js";
import type { KnowledgeBase } from "./knowledge-base.js";

/** The knowledge search as a LangChain retriever: one document per entry, its sources in metadata. */
export class KnowledgeRetriever extends BaseRetriever {
  override lc_namespace = ["xkld", "knowledge"];

  constructor(private readonly knowledge: KnowledgeBase, private readonly options: { limit?: number; province?: string } = {}) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return this.knowledge
      .search(query, { limit: this.options.limit ?? 3, province: this.options.province })
      .map(
        (hit) =>
          new Document({
            pageContent: `${hit.entry.title}\n${hit.entry.answer}`,
            metadata: { id: hit.entry.id, score: hit.score, status: hit.entry.status, sources: hit.entry.sources },
          }),
      );
  }
}

/**
 * Optional: a chat model rephrases an answer for the question, from the retrieved entries
 * only. What it writes is kept only if it cites an entry and adds no number that the
 * entries do not contain (amounts, rates and dates are where invented facts hurt most);
 * otherwise the curated answer is used as it is. Never required: without a model the bot
 * answers extractively.
 */
export async function phraseWithModel(
  model: BaseChatModel,
  question: string,
  entries: KnowledgeEntry[],
): Promise<{ text: string; phrased: boolean }> {
  const curated = entries[0]!.answer;
  const context = entries.map((entry, index) => `[${index + 1}] ${entry.title}\n${entry.answer}`).join("\n\n");
  const response = await model.invoke([
    new SystemMessage(
      "Bạn là trợ lý trả lời người lao động. Chỉ dùng thông tin trong các mục được cung cấp, " +
        "không thêm số liệu hay quy định nào khác, ghi số mục đã dùng dạng [1]. Trả lời ngắn, tiếng Việt.",
    ),
    new HumanMessage(`Các mục:\n${context}\n\nCâu hỏi: ${question}`),
  ]);
  const text = typeof response.content === "string" ? response.content.trim() : "";
  const cites = /\[(\d+)\]/.exec(text);
  const known = new Set(context.match(/\d+(?:[.,]\d+)*/g) ?? []);
  const invented = (text.replace(/\[\d+\]/g, "").match(/\d+(?:[.,]\d+)*/g) ?? []).filter((number) => !known.has(number));
  if (!text || !cites || Number(cites[1]) > entries.length || invented.length > 0) return { text: curated, phrased: false };
  return { text, phrased: true };
}
