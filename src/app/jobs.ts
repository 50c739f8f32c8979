import type { Logger } from "pino";
import type { ProcessedUpdates } from "../bot/core/index.js";
import type { AppConfig } from "../config.js";
import { purgeExpiredPersonalData, type Database } from "../db/index.js";
import type { OutboundSender, Texts } from "../shared/index.js";
import type { Domains } from "./domains.js";
import { staffReminderJob } from "./reminders.js";

/** A chore the server repeats while it runs; a failure is logged and tried again next time. */
export interface Job {
  /** Says what failed, in the log: "purge old update ids". */
  what: string;
  everyMs: number;
  run(): Promise<unknown>;
  /** Also once at start, awaited before the server listens. */
  atStart?: boolean;
}

/** Starts the jobs' timers (which never keep the process alive); `stop` clears them. */
export function startJobs(jobs: readonly Job[], logger: Logger): { runAtStart(): Promise<void>; stop(): void } {
  const runLogged = (job: Job) => job.run().catch((error: unknown) => logger.warn({ err: error }, `could not ${job.what}`));
  const timers = jobs.map((job) => {
    const timer = setInterval(() => void runLogged(job), job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    async runAtStart() {
      for (const job of jobs) if (job.atStart) await runLogged(job);
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}

/** What every instance repeats while it runs: purges, retention and the staff's reporting reminders. */
export function applicationJobs(deps: {
  config: AppConfig;
  database: Database;
  domains: Domains;
  texts: Texts;
  processedUpdates: ProcessedUpdates;
  senders: () => readonly OutboundSender[];
  logger: Logger;
}): Job[] {
  const { config, database, domains, logger } = deps;
  return [
    { what: "purge old update ids", everyMs: 3600_000, run: () => deps.processedUpdates.purgeExpired() },
    { what: "purge expired staff sessions", everyMs: 3600_000, run: () => domains.staff.sessions.purgeExpired() },
    { what: "purge old registration drafts", everyMs: 6 * 3600_000, run: () => domains.registrations.service.drafts.purgeExpired() },
    // Retention (SECURITY.md): at start, then daily.
    {
      what: "purge old personal data",
      everyMs: 86_400_000,
      atStart: true,
      run: async () => logger.info(await purgeExpiredPersonalData(database.prisma, config.retention), "old personal data purged"),
    },
    staffReminderJob({ config, domains, texts: deps.texts, senders: deps.senders, logger }),
  ];
}
