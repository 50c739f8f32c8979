import type { Logger } from "pino";

/** A chore the server repeats while it runs; a failure is logged and tried again next time. */
export interface Job {
  /** Says what failed, in the log: "purge old update ids". */
  what: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Starts the jobs' timers (which never keep the process alive); `stop` clears them. */
export function startJobs(jobs: readonly Job[], logger: Logger): { stop(): void } {
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      job.run().catch((error: unknown) => logger.warn({ err: error }, `could not ${job.what}`));
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
