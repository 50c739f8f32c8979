import type { Texts } from "../shared/index.js";
import { staffMessageText, type StaffMessageDelivery } from "./delivery.js";
import type { HandoffService, InboxScope, Person } from "./service.js";

/** Who acts in the console: the name shown with their messages, and the actor recorded on close. */
export interface InboxStaff {
  name: string;
  actor: string;
}

export class HandoffNotFound extends Error {
  constructor() {
    super("no such handoff");
    this.name = "HandoffNotFound";
  }
}

export class HandoffClosed extends Error {
  constructor() {
    super("the handoff is closed");
    this.name = "HandoffClosed";
  }
}

/** Staff replies and closing, each delivered through the person's channel and recorded with its outcome. */
export function createStaffInbox(deps: { service: HandoffService; delivery: StaffMessageDelivery; texts: Texts }) {
  const { service, delivery } = deps;

  async function openHandoff(handoffId: string, scope: InboxScope): Promise<Person> {
    const handoff = await service.find(handoffId, scope);
    if (!handoff) throw new HandoffNotFound();
    if (handoff.status !== "open") throw new HandoffClosed();
    return { channel: handoff.channel, userId: handoff.channelUserId };
  }

  async function send(handoffId: string, person: Person, staff: InboxStaff, text: string) {
    const message = await service.addStaffMessage(handoffId, staff.name, text);
    const result = await delivery.deliver(person, staffMessageText(deps.texts, await service.localeOf(person), text));
    return service.recordDelivery(message.id, result);
  }

  return {
    async reply(handoffId: string, scope: InboxScope, staff: InboxStaff, text: string) {
      const person = await openHandoff(handoffId, scope);
      return send(handoffId, person, staff, text);
    },

    /** Closes the handoff and tells the person, after the staff's closing words if any. */
    async close(handoffId: string, scope: InboxScope, staff: InboxStaff, closingMessage?: string) {
      const person = await openHandoff(handoffId, scope);
      if (!(await service.closeByStaff(handoffId, staff.actor))) throw new HandoffClosed();
      const locale = await service.localeOf(person);
      const notice = deps.texts.t(locale === "en" ? "en" : "vi", "handoff.closedByStaff");
      return send(handoffId, person, staff, closingMessage ? `${closingMessage}\n\n${notice}` : notice);
    },
  };
}
export type StaffInbox = ReturnType<typeof createStaffInbox>;
