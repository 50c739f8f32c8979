import type { Prisma } from "../db/index.js";
import type { Owner, RegistrationRepository } from "./repository.js";

export const DRAFT_LIFETIME_DAYS = 30;
const DRAFT_LIFETIME_MS = DRAFT_LIFETIME_DAYS * 86_400_000;

/** Unfinished forms, one per person, forgotten after the draft lifetime. */
export function createRegistrationDrafts(deps: { repository: RegistrationRepository; now: () => Date }) {
  const { repository, now } = deps;
  return {
    /** The person's unfinished form, unless it is older than the draft lifetime. */
    async load(owner: Owner): Promise<{ answers: Record<string, unknown>; updatedAt: Date } | undefined> {
      const draft = await repository.drafts.load(owner);
      if (!draft) return undefined;
      if (now().getTime() - draft.updatedAt.getTime() > DRAFT_LIFETIME_MS) {
        await repository.drafts.delete(owner);
        return undefined;
      }
      return { answers: draft.answers as Record<string, unknown>, updatedAt: draft.updatedAt };
    },
    save: (owner: Owner, answers: Record<string, unknown>) => repository.drafts.save(owner, answers as Prisma.InputJsonValue),
    delete: (owner: Owner) => repository.drafts.delete(owner),
    purgeExpired: () => repository.drafts.purgeOlderThan(new Date(now().getTime() - DRAFT_LIFETIME_MS)),
  };
}
