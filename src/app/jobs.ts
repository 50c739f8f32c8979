import type { Logger } from "pino";

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
