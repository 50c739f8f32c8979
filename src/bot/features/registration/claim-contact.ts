import type { OutboundSender } from "../../../shared/index.js";
import type { Texts } from "../../../shared/index.js";
import type { ClaimContact } from "./registration-data.js";

/**
 * Claims reach people through the same senders as announcements (texts in Vietnamese: the
 * registering account's language is not known), and staff through a handoff note.
 * `senders` is read at each call: the senders exist only once the bot core does.
 */
export function createClaimContact(deps: {
  senders: () => readonly OutboundSender[];
  texts: Texts;
  handoffs?: {
    open(person: { channel: string; userId: string }, options: { provinceCode: string | null; context: [] }): Promise<{ handoff: { id: string } }>;
    addBotNote(handoffId: string, text: string, locality: { provinceCode: string; communeKey: string | null }): Promise<void>;
  };
}): ClaimContact {
  return {
    async notify(person, key, params) {
      const sender = deps.senders().find((candidate) => candidate.channel === person.channel);
      if (!sender) return false;
      const outcome = await sender.sendText(person.userId, deps.texts.t("vi", key, params));
      return outcome.status === "sent";
    },
    async askStaff(claimant, locality, key, params) {
      if (!deps.handoffs) return;
      const { handoff } = await deps.handoffs.open(claimant, { provinceCode: locality.provinceCode, context: [] });
      await deps.handoffs.addBotNote(handoff.id, deps.texts.t("vi", key, params), locality);
    },
  };
}
