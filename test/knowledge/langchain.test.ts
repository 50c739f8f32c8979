import { describe, expect, it } from "vitest";
import { KnowledgeRetriever } from "../../src/knowledge/langchain.js";
import { knowledge } from "./helpers.js";

const collateral = knowledge.entry("loan-collateral")!;

describe("the knowledge search as a LangChain retriever", () => {
  it("returns entries as documents with their sources", async () => {
    const documents = await new KnowledgeRetriever(knowledge).invoke("vay trên 200 triệu có phải thế chấp không");
    expect(documents[0]!.metadata.id).toBe("loan-collateral");
    expect(documents[0]!.metadata.sources).toEqual(collateral.sources);
  });
});
