import type { OutboundSender } from "../shared/index.js";
import type { DueReminder } from "./reminders.js";

/** A staff member's linked Telegram or Zalo chat, as the reminders need it. */
export interface ReminderChat {
  linkId: string;
  channel: string;
  channelUserId: string;
  role: "admin" | "province" | "commune";
  provinceCode: string | null;
}

/**
 * Which reminder went to which chat. `claim` must succeed for one caller only (a unique key),
 * before the send: two instances or a restart the same day never send a reminder twice.
 */
export interface ReminderLedger {
  claim(reminderKey: string, linkId: string): Promise<boolean>;
  /** Sent: kept for good. Not sent: the claim is released, to be tried at the next run. */
  settle(reminderKey: string, linkId: string, sent: boolean): Promise<void>;
}

export interface ReminderRun {
  sent: number;
  /** Not delivered this time (no sender for the channel, blocked, Zalo's 7-day window…): tried again next run. */
  notSent: number;
  /** Already sent, by this instance earlier or by another. */
  alreadySent: number;
}

/**
 * Sends today's reporting reminders to the staff who linked a chat: admins get every plan's,
 * province and commune staff their province's. Run it often (hourly): the ledger keeps each
 * reminder to one message per chat, and a failed send is tried again within the day.
 */
export function createReminderDelivery(deps: {
  due(): DueReminder[];
  chats(): Promise<ReminderChat[]>;
  ledger: ReminderLedger;
  senders(): readonly OutboundSender[];
  /** The message for one reminder, with the link to its prepared report. */
  message(reminder: DueReminder): string;
}) {
  return {
    async deliverDue(): Promise<ReminderRun> {
      const run: ReminderRun = { sent: 0, notSent: 0, alreadySent: 0 };
      const reminders = deps.due();
      if (reminders.length === 0) return run;
      const chats = await deps.chats();
      for (const reminder of reminders) {
        for (const chat of chats.filter((candidate) => concerns(candidate, reminder))) {
          if (!(await deps.ledger.claim(reminder.key, chat.linkId))) {
            run.alreadySent++;
            continue;
          }
          const sender = deps.senders().find((candidate) => candidate.channel === chat.channel);
          // Senders report failures as outcomes; a throw is a bug, and must not leave the claim held forever.
          const outcome = sender ? await sender.sendText(chat.channelUserId, deps.message(reminder)).catch(() => undefined) : undefined;
          const sent = outcome?.status === "sent";
          await deps.ledger.settle(reminder.key, chat.linkId, sent);
          if (sent) run.sent++;
          else run.notSent++;
        }
      }
      return run;
    },
  };
}

function concerns(chat: ReminderChat, reminder: DueReminder): boolean {
  return chat.role === "admin" || chat.provinceCode === reminder.provinceCode;
}
