import type { OutboundSender, SendOutcome } from "../shared/index.js";
import type { Texts } from "../shared/index.js";
import type { Person } from "./service.js";

/** The channels whose pages fetch staff messages themselves: nothing is pushed. */
const PULLING_CHANNELS = new Set(["web"]);

/** The text the person sees for a staff message, in their language, so they know who wrote it. */
export function staffMessageText(texts: Texts, locale: string | undefined, staffText: string): string {
  return texts.t(locale === "en" ? "en" : "vi", "handoff.fromStaff", { text: staffText });
}

/** What became of a staff message: delivered now, waiting to be fetched, or why it failed. */
export interface DeliveryResult {
  deliveredAt?: Date;
  deliveryError?: string;
}

/**
 * Pushes staff messages to the person through their channel, labelled as coming from staff.
 * The web chat has no push: its page fetches them, which is their delivery.
 */
export function createStaffMessageDelivery(deps: { senders: OutboundSender[] }) {
  return {
    async deliver(person: Person, text: string): Promise<DeliveryResult> {
      if (PULLING_CHANNELS.has(person.channel)) return {};
      const sender = deps.senders.find((candidate) => candidate.channel === person.channel);
      if (!sender) return { deliveryError: `the ${person.channel} channel cannot receive staff replies` };
      const outcome = await sender.sendText(person.userId, text);
      return outcome.status === "sent" ? { deliveredAt: new Date() } : { deliveryError: describe(outcome) };
    },
  };
}
export type StaffMessageDelivery = ReturnType<typeof createStaffMessageDelivery>;

function describe(outcome: Exclude<SendOutcome, { status: "sent" }>): string {
  switch (outcome.status) {
    case "blocked":
      return `the person blocked the bot or cannot receive messages (${outcome.reason})`;
    case "outside-window":
      return "Zalo refuses: the person has not written in the last 7 days";
    case "rate-limited":
      return `the channel is busy: try again in ${outcome.retryAfterSeconds} s`;
    case "failed":
      return `sending failed (${outcome.reason})`;
  }
}
