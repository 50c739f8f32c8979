import type { Logger } from "pino";
import { botUpdate, isEmptyUpdate, type BotUpdate } from "./updates.js";
import { describeApiError, ZaloBotApiError, type ZaloBotApi } from "./zalo-bot-api.js";

const MAX_POLL_RETRY_DELAY_MS = 60_000;

export interface UpdatePolling {
  /** Polls until stopped, handing each update to `handle` and waiting for it before the next poll. */
  start(handle: (update: BotUpdate) => Promise<void>): void;
  /** Ends the poll in flight (or the wait after a failure) and the loop. */
  stop(): Promise<void>;
}

/**
 * getUpdates long polling, for a bot without a public address. An idle poll (Zalo's 408 in
 * its several shapes) is nothing new; a failed one is retried after a wait that doubles up
 * to a minute, logged with Zalo's code only.
 */
export function createUpdatePolling(options: { api: ZaloBotApi; logger: Logger; pollTimeoutSeconds: number; retryDelayMs: number }): UpdatePolling {
  const { api, logger, pollTimeoutSeconds } = options;
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;

  async function pollForever(handle: (update: BotUpdate) => Promise<void>, signal: AbortSignal) {
    let failures = 0;
    while (!signal.aborted) {
      let result: unknown;
      try {
        result = await api.call(
          "getUpdates",
          // The parameter table says String; Zalo's own sample sends a number. Both work.
          { timeout: String(pollTimeoutSeconds) },
          // The local timeout must outlast the long poll, or every idle poll looks like a failure.
          { timeoutMs: (pollTimeoutSeconds + 5) * 1000, signal },
        );
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ZaloBotApiError && error.idle) {
          failures = 0;
          continue;
        }
        failures++;
        const delay = Math.min(options.retryDelayMs * 2 ** (failures - 1), MAX_POLL_RETRY_DELAY_MS);
        logger.warn(describeApiError(error), `zalo bot: polling failed, retrying in ${delay} ms`);
        await sleep(delay, signal);
        continue;
      }
      if (isEmptyUpdate(result)) continue;
      const parsed = botUpdate.safeParse(result);
      if (!parsed.success) {
        logger.warn({ issues: parsed.error.issues.length }, "zalo bot: polled something that is not an update");
        continue;
      }
      await handle(parsed.data);
    }
  }

  return {
    start(handle) {
      loop = pollForever(handle, stopping.signal);
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
