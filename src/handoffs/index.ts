import type { OutboundSender } from "../shared/index.js";
import type { Texts } from "../shared/index.js";
import type { PrismaClient } from "../db/index.js";
import { createStaffMessageDelivery, staffMessageText } from "./delivery.js";
import { createStaffInbox } from "./inbox.js";
import { createHandoffService, type Person, type PersonLocality } from "./service.js";

export { type ContextMessage, type HandoffService, type Person, type PersonLocality } from "./service.js";

/**
 * Handoffs to staff: the service the bot feature uses, the staff inbox once the channels'
 * senders exist (they need the bot core, which needs the feature), and what the web chat
 * page fetches instead of a push.
 */
export function createHandoffs(deps: {
  prisma: PrismaClient;
  texts: Texts;
  /** The locality of a person's registration (the registrations module's `localityOf`). */
  registeredLocalityOf?: (person: Person) => Promise<PersonLocality | undefined>;
}) {
  const service = createHandoffService({ prisma: deps.prisma, registeredLocalityOf: deps.registeredLocalityOf });
  return {
    service,
    deliverThrough(senders: OutboundSender[]) {
      return { service, inbox: createStaffInbox({ service, delivery: createStaffMessageDelivery({ senders }), texts: deps.texts }) };
    },
    /** Staff messages to a web chat visitor after message `afterId`, as the person sees them. */
    async webChatUpdates(userId: string, afterId: number) {
      const person = { channel: "web", userId };
      const { messages, open } = await service.staffMessagesFor(person, afterId);
      const locale = messages.length ? await service.localeOf(person) : undefined;
      return {
        handoffOpen: open,
        messages: messages.map((message) => ({ id: message.id, text: staffMessageText(deps.texts, locale, message.text), at: message.createdAt })),
      };
    },
  };
}
export type Handoffs = ReturnType<typeof createHandoffs>;
export type HandoffInbox = ReturnType<Handoffs["deliverThrough"]>;
export { HandoffClosed, HandoffNotFound, type StaffInbox } from "./inbox.js";
export type { InboxScope } from "./service.js";
