import type { Logger } from "pino";
import type { PrismaClient } from "./generated/client.js";

/** The tables an erasure (/xoadulieu) writes to: their old row versions hold the erased values. */
const ERASURE_TABLES = ["registrations", "registration_events", "registration_drafts", "registration_claims", "conversations", "handoffs", "handoff_messages"];

/**
 * After an erasure on the embedded database, the erased values still sit in the table files
 * as dead row versions until they are vacuumed. VACUUM FULL rewrites these tables into new
 * files (the old ones are deleted). It runs a moment after the erasure, so that the turn's
 * own last write of the conversation is dead by then too, and never twice at once.
 * PostgreSQL servers are left to autovacuum (VACUUM FULL locks tables and needs their owner).
 */
export function createErasureVacuum(deps: { prisma: PrismaClient; embedded: boolean; logger: Logger; delayMs?: number }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function vacuum(): Promise<void> {
    for (const table of ERASURE_TABLES) await deps.prisma.$executeRawUnsafe(`VACUUM FULL "${table}"`);
  }

  return {
    /** Called after an erasure. */
    schedule(): void {
      if (!deps.embedded || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        running = running.then(vacuum).catch((error: unknown) => deps.logger.warn({ err: error }, "could not vacuum after an erasure"));
      }, deps.delayMs ?? 2000);
      timer.unref();
    },
    /** Waits for a scheduled vacuum to have run (tests, shutdown). */
    async settled(): Promise<void> {
      while (timer) await new Promise((resolve) => setTimeout(resolve, 20));
      await running;
    },
    /** At shutdown: a vacuum still waiting runs now rather than never. */
    async flush(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        running = running.then(vacuum).catch((error: unknown) => deps.logger.warn({ err: error }, "could not vacuum after an erasure"));
      }
      await running;
    },
  };
}
