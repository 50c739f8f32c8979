import { z } from "zod";
import { KnowledgeContentInvalid } from "../content-invalid.js";
import type { KnowledgeBase } from "../knowledge-base.js";

/** The knowledge base the bot answers from now; replaced whole when staff reload the content. */
export interface KnowledgeHolder {
  readonly current: KnowledgeBase;
  /** Builds a new knowledge base and switches to it only when the content has no problems. */
  reload(): { ok: true; entries: number } | { ok: false; problems: string[] };
}

/**
 * Holds the live knowledge base. `load` is the one way to build it (`loadKnowledgeBase`); a
 * reload that fails leaves the bot answering from the previous content. Readers take
 * `current` once per question, so one answer never mixes two versions of the content.
 */
export function createKnowledgeHolder(load: () => KnowledgeBase): KnowledgeHolder {
  let current = load();
  return {
    get current() {
      return current;
    },
    reload() {
      let next: KnowledgeBase;
      try {
        next = load();
      } catch (error) {
        if (error instanceof KnowledgeContentInvalid) return { ok: false, problems: error.problems };
        return { ok: false, problems: unexpectedProblems(error) };
      }
      current = next;
      return { ok: true, entries: next.entries.length };
    },
  };
}

/** The search data (content/search) is checked by its zod schemas, not line by line: say what they found. */
function unexpectedProblems(error: unknown): string[] {
  if (error instanceof z.ZodError) return error.issues.map((issue) => `content/search › ${issue.path.join(".") || "file"}: ${issue.message}`);
  return [`could not load the content: ${(error as Error).message.split("\n")[0]}`];
}
