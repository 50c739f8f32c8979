import type { Logger } from "pino";
import type { ChatPrompt, LanguageModel } from "./model.js";
import { maskForModel } from "./private-data.js";

/** What a model is used for; each has its own switch (LLM_REWRITE, LLM_COMPOSE, LLM_PHRASINGS). */
export type ModelUse = "rewrite" | "compose" | "phrasings";

export interface ModelUsage {
  /** Requests sent to the model. */
  calls: number;
  /** Of those: errors, refusals (401, 429, 500…) and timeouts, all answered the plain way. */
  failures: number;
  /** Not sent: the day's budget was spent, or the model had just failed. */
  skipped: number;
  /** Time spent waiting for the model, over all calls. */
  totalMs: number;
  /** Calls sent, per use. */
  byUse: Record<ModelUse, number>;
}

/**
 * A language model behind the guards every use needs: personal data masked before a prompt
 * leaves the server, a timeout, a daily budget, a pause after a failure, and a log line per call
 * that says how it went but never what was asked or answered. `ask` never throws: undefined
 * means "answer the plain way", and the person does not notice.
 */
export interface ModelAssistant {
  enabled(use: ModelUse): boolean;
  ask(use: ModelUse, prompt: ChatPrompt): Promise<string | undefined>;
  usage(): ModelUsage;
}

export interface AssistantSettings {
  timeoutMs: number;
  dailyCalls: number;
  uses: Record<ModelUse, boolean>;
}

// After a failure the model is left alone this long: a server that is down or overloaded would
// otherwise cost every person the full timeout, one after the other.
const PAUSE_AFTER_FAILURE_MS = 30_000;

export function createModelAssistant(options: { model: LanguageModel; settings: AssistantSettings; logger: Logger; now?: () => number }): ModelAssistant {
  const { model, settings, logger } = options;
  const now = options.now ?? Date.now;
  const usage: ModelUsage = { calls: 0, failures: 0, skipped: 0, totalMs: 0, byUse: { rewrite: 0, compose: 0, phrasings: 0 } };
  // The budget is per UTC day and per instance: it caps the bill, it is not an exact meter.
  let day = "";
  let callsToday = 0;
  let pausedUntil = 0;

  async function ask(use: ModelUse, prompt: ChatPrompt): Promise<string | undefined> {
    if (!settings.uses[use]) return undefined;
    const today = new Date(now()).toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      callsToday = 0;
    }
    if (callsToday >= settings.dailyCalls || now() < pausedUntil) {
      usage.skipped++;
      logger.info({ use, outcome: callsToday >= settings.dailyCalls ? "budget-spent" : "paused" }, "language model not called");
      return undefined;
    }
    callsToday++;
    usage.calls++;
    usage.byUse[use]++;
    const masked = { system: maskForModel(prompt.system), user: maskForModel(prompt.user) };
    const started = performance.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ModelTimeout(settings.timeoutMs));
      }, settings.timeoutMs);
    });
    try {
      // Raced as well as aborted: a client that ignores the signal must not hold the person up.
      const text = (await Promise.race([model.complete(masked, controller.signal), timeout])).trim();
      const ms = performance.now() - started;
      usage.totalMs += ms;
      logger.info({ use, outcome: "ok", ms: Math.round(ms), length: text.length, callsToday }, "language model called");
      return text || undefined;
    } catch (error) {
      const ms = performance.now() - started;
      usage.totalMs += ms;
      usage.failures++;
      pausedUntil = now() + PAUSE_AFTER_FAILURE_MS;
      // The status and the error's kind only: a provider's message may quote the prompt back.
      logger.warn({ use, outcome: "failed", ms: Math.round(ms), error: describeFailure(error), callsToday }, "language model failed; plain answer used");
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  return { enabled: (use) => settings.uses[use], ask, usage: () => ({ ...usage, byUse: { ...usage.byUse } }) };
}

export class ModelTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The language model did not answer within ${timeoutMs} ms`);
    this.name = "ModelTimeout";
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof ModelTimeout) return "timeout";
  const status = (error as { status?: unknown })?.status;
  if (typeof status === "number") return `http-${status}`;
  return error instanceof Error ? error.name : "unknown";
}
