import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { KnowledgeRetriever, phraseWithModel } from "../../src/knowledge/langchain.js";
import { knowledge } from "./helpers.js";

const collateral = knowledge.entry("loan-collateral")!;

describe("the knowledge search as a LangChain retriever", () => {
  it("returns entries as documents with their sources", async () => {
    const documents = await new KnowledgeRetriever(knowledge).invoke("vay trên 200 triệu có phải thế chấp không");
    expect(documents[0]!.metadata.id).toBe("loan-collateral");
    expect(documents[0]!.metadata.sources).toEqual(collateral.sources);
  });
});

describe("optional phrasing by a chat model", () => {
  it("keeps a phrasing that cites an entry and adds no number", async () => {
    const model = new FakeListChatModel({ responses: ["Nếu vay trên 200 triệu đồng thì phải có tài sản bảo đảm [1]."] });
    const result = await phraseWithModel(model, "vay 300tr co phai the chap ko", [collateral]);
    expect(result).toEqual({ text: "Nếu vay trên 200 triệu đồng thì phải có tài sản bảo đảm [1].", phrased: true });
  });

  it("falls back to the curated answer when the model invents a number", async () => {
    const model = new FakeListChatModel({ responses: ["Vay trên 500 triệu mới phải thế chấp [1]."] });
    expect(await phraseWithModel(model, "vay 300tr co phai the chap ko", [collateral])).toEqual({ text: collateral.answer, phrased: false });
  });

  it("falls back to the curated answer when the model cites nothing", async () => {
    const model = new FakeListChatModel({ responses: ["Có, phải thế chấp."] });
    expect((await phraseWithModel(model, "vay 300tr co phai the chap ko", [collateral])).phrased).toBe(false);
  });
});
