/** The content folder does not make a knowledge base: every problem found, for kb:check and the start-up log. */
export class KnowledgeContentInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`The knowledge base has ${problems.length} problem(s); run npm run kb:check:\n${problems.slice(0, 20).join("\n")}`);
    this.name = "KnowledgeContentInvalid";
  }
}
