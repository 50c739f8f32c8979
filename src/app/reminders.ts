import type { Logger } from "pino";
import type { AppConfig } from "../config.js";
import { createReminderDelivery, formatDay, type DueReminder } from "../reports/index.js";
import type { OutboundSender, Texts } from "../shared/index.js";
import type { Domains } from "./domains.js";

/**
 * The reporting reminders (REPORT_REMINDER_DAYS before each deadline) to the staff chats
 * linked with /lienket. Checked every 15 minutes: a restart never skips a day, and the
 * ledger keeps each reminder to one message per chat whatever the number of instances.
 */
export function staffReminderJob(deps: { config: AppConfig; domains: Domains; texts: Texts; senders: () => readonly OutboundSender[]; logger: Logger }) {
  const { config, domains } = deps;
  const delivery = createReminderDelivery({
    due: () => domains.reports.service.remindersDue(config.reportReminderDays),
    chats: () => domains.staff.chatLinks.linkedChats(),
    ledger: domains.staff.reminderLedger,
    senders: deps.senders,
    message: (reminder) => reminderText(reminder, { texts: deps.texts, periodLabel: domains.reports.periodLabel, publicUrl: config.publicUrl }),
  });
  return {
    what: "send reporting reminders to staff",
    everyMs: 15 * 60_000,
    async run() {
      const run = await delivery.deliverDue();
      if (run.sent || run.notSent) deps.logger.info(run, "reporting reminders to staff");
    },
  };
}

/** The reminder as staff read it: plan, deadline, days left, period, and where the report is ready. */
export function reminderText(reminder: DueReminder, deps: { texts: Texts; periodLabel(period: string): string; publicUrl?: string }): string {
  const link = deps.publicUrl ? `${deps.publicUrl}/admin/#/reports/${reminder.plan}/${reminder.period}` : deps.texts.t("vi", "staffReminder.noLink");
  return deps.texts.t("vi", reminder.daysLeft === 0 ? "staffReminder.today" : "staffReminder.message", {
    plan: reminder.planName,
    what: reminder.what,
    date: formatDay(reminder.date),
    days: reminder.daysLeft,
    period: deps.periodLabel(reminder.period).toLowerCase(),
    link,
  });
}
