import { Document } from "@langchain/core/documents";
import { BaseRetriever } from "@langchain/core/retrievers";
import type { KnowledgeBase } from "./knowledge-base.js";

/**
 * The knowledge search as a LangChain retriever: one document per entry, its sources in metadata.
 * What a language model may be shown comes from here (see assistant/rewrite.ts): retrieved entries only.
 */
export class KnowledgeRetriever extends BaseRetriever {
  override lc_namespace = ["xkld", "knowledge"];

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly options: { limit?: number; province?: string } = {},
  ) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return this.knowledge.search(query, { limit: this.options.limit ?? 3, province: this.options.province }).map(
      (hit) =>
        new Document({
          pageContent: `${hit.entry.title}\n${hit.entry.answer}`,
          metadata: { id: hit.entry.id, score: hit.score, status: hit.entry.status, sources: hit.entry.sources },
        }),
    );
  }
}
