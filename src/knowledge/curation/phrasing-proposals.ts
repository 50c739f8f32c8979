import type { PrismaClient } from "../../db/index.js";
import type { KnowledgeBase } from "../knowledge-base.js";
import { maskPersonalData } from "../question-log.js";
import { addPhrasing, DuplicatePhrasing, EntryNotInContent, samePhrasing } from "./content-file.js";
import type { KnowledgeHolder } from "./knowledge-holder.js";

export type ProposalStatus = "pending" | "approved" | "rejected";

export interface PhrasingProposalView {
  id: number;
  question: string;
  entryId: string;
  /** null when the entry is no longer in the content. */
  entryTitle: string | null;
  status: ProposalStatus;
  proposedBy: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export type ProposeResult = { kind: "proposed"; proposal: PhrasingProposalView } | { kind: "unknown-entry" } | { kind: "duplicate"; entryId: string };

export type DecideResult =
  | { kind: "decided"; proposal: PhrasingProposalView; file?: string }
  | { kind: "not-found" }
  | { kind: "already-decided"; status: ProposalStatus }
  | { kind: "unknown-entry" }
  | { kind: "duplicate"; entryId: string }
  | { kind: "invalid-content"; problems: string[] };

/**
 * "This question is another phrasing of entry X": any staff member proposes, an admin
 * approves it into the entry's YAML file (then the content is reloaded) or rejects it.
 */
export function createPhrasingProposals(options: { prisma: PrismaClient; knowledge: KnowledgeHolder; knowledgeDir: string }) {
  const { prisma, knowledge } = options;
  // Approvals edit files and reload: one at a time in this process, so two never interleave.
  let approvals: Promise<unknown> = Promise.resolve();

  // A proposal made for an entry since merged into another goes to that other entry.
  function view(row: Omit<PhrasingProposalView, "entryTitle">): PhrasingProposalView {
    const entry = knowledge.current.entry(row.entryId);
    return { ...row, entryId: entry?.id ?? row.entryId, entryTitle: entry?.title ?? null };
  }

  async function approveNow(id: number, actor: string): Promise<DecideResult> {
    const row = await prisma.phrasingProposal.findUnique({ where: { id } });
    if (!row) return { kind: "not-found" };
    if (row.status !== "pending") return { kind: "already-decided", status: row.status };
    const entry = knowledge.current.entry(row.entryId);
    if (!entry) return { kind: "unknown-entry" };
    const existing = entryWithPhrasing(knowledge.current, row.question);
    if (existing) return { kind: "duplicate", entryId: existing };
    let change: ReturnType<typeof addPhrasing>;
    try {
      change = addPhrasing(options.knowledgeDir, entry.id, row.question);
    } catch (error) {
      if (error instanceof DuplicatePhrasing) return { kind: "duplicate", entryId: error.entryId };
      if (error instanceof EntryNotInContent) return { kind: "unknown-entry" };
      throw error;
    }
    const reloaded = knowledge.reload();
    if (!reloaded.ok) {
      change.undo();
      return { kind: "invalid-content", problems: reloaded.problems };
    }
    return { kind: "decided", proposal: await decide(id, "approved", actor), file: change.file };
  }

  async function decide(id: number, status: ProposalStatus, actor: string) {
    const row = await prisma.phrasingProposal.update({ where: { id }, data: { status, decidedBy: actor, decidedAt: new Date() } });
    return view(row);
  }

  return {
    async propose(input: { question: string; entryId: string }, actor: string): Promise<ProposeResult> {
      const entry = knowledge.current.entry(input.entryId);
      if (!entry) return { kind: "unknown-entry" };
      const question = maskPersonalData(input.question);
      const existing = entryWithPhrasing(knowledge.current, question);
      if (existing) return { kind: "duplicate", entryId: existing };
      const row = await prisma.phrasingProposal.create({ data: { question, entryId: entry.id, proposedBy: actor } });
      return { kind: "proposed", proposal: view(row) };
    },

    async list(status: ProposalStatus, limit: number): Promise<PhrasingProposalView[]> {
      const rows = await prisma.phrasingProposal.findMany({ where: { status }, orderBy: { id: status === "pending" ? "asc" : "desc" }, take: limit });
      return rows.map(view);
    },

    approve(id: number, actor: string): Promise<DecideResult> {
      const result = approvals.then(() => approveNow(id, actor));
      approvals = result.catch(() => undefined);
      return result;
    },

    async reject(id: number, actor: string): Promise<DecideResult> {
      const { count } = await prisma.phrasingProposal.updateMany({
        where: { id, status: "pending" },
        data: { status: "rejected", decidedBy: actor, decidedAt: new Date() },
      });
      const row = await prisma.phrasingProposal.findUnique({ where: { id } });
      if (!row) return { kind: "not-found" };
      return count === 1 ? { kind: "decided", proposal: view(row) } : { kind: "already-decided", status: row.status };
    },
  };
}
export type PhrasingProposals = ReturnType<typeof createPhrasingProposals>;

/** The entry that already lists this phrasing (or has it as its title), if any. */
function entryWithPhrasing(knowledge: KnowledgeBase, question: string): string | undefined {
  return knowledge.entries.find((entry) => [entry.title, ...entry.questions].some((phrasing) => samePhrasing(phrasing, question)))?.id;
}
