import type { z } from "zod";
import type { Turn } from "./core.js";
import type { SavedFlow } from "./saved-flow.js";
import type { Reply } from "./types.js";

/**
 * The one flow engine. A flow declares its data with a zod schema and its steps by name; its
 * steps answer with a result, and only the engine moves between steps or ends the flow. The
 * saved data is parsed when a turn loads it, so a form saved by an older version of the bot
 * (another shape) is started again politely instead of failing half-way.
 */

/** What a step (or a flow's start) asks the engine to do. */
export type FlowResult<Step extends string> =
  /** Go to `step` and ask its question, after `before` (a notice about the answer just given). */
  | { kind: "next"; step: Step; before?: Reply[] }
  /** Stay (at `step` when given, otherwise where the flow is) and say exactly `replies`. */
  | { kind: "stay"; step?: Step; replies: Reply[] }
  /** Say `replies` (an answer to a question typed mid-way), then ask the current step again. */
  | { kind: "detour"; replies: Reply[] }
  /** The flow is over: the engine ends it and says `replies`. */
  | { kind: "done"; replies: Reply[] };

export const next = <Step extends string>(step: Step, before?: Reply[]): FlowResult<Step> => ({ kind: "next", step, ...(before?.length ? { before } : {}) });
export const stay = <Step extends string>(replies: Reply[], step?: Step): FlowResult<Step> => ({ kind: "stay", replies, ...(step ? { step } : {}) });
export const detour = (replies: Reply[]): FlowResult<never> => ({ kind: "detour", replies });
export const done = (replies: Reply[]): { kind: "done"; replies: Reply[] } => ({ kind: "done", replies });

/** An answer to the current step: typed text or the argument of a pressed button of the flow. */
export interface FlowInput {
  text?: string;
  action?: string;
}

/** What a step sees of its flow: the typed data and where it stands, never a way to end it. */
export interface FlowProgress<Data, Step extends string> {
  readonly id: string;
  readonly step: Step;
  /** Mutable: what a step leaves here is saved with the conversation. */
  data: Data;
  /** Failed answers to the current step (reset when the flow moves on). */
  readonly retries: number;
  /** Counts one more failed answer to the current step and returns how many there were. */
  countRetry(): number;
}

export type FlowTurn<Data, Step extends string> = Turn & { readonly flow: FlowProgress<Data, Step> };

export interface FlowDefinition<Data, Step extends string> {
  id: string;
  /** The shape of the saved data; `data.parse({})` is the data of a new run. */
  data: z.ZodType<Data>;
  /** Every step name; a saved step outside this list restarts the flow like a wrong shape does. */
  steps: readonly [Step, ...Step[]];
  start(turn: FlowTurn<Data, Step>): Promise<FlowResult<Step>>;
  handle(turn: FlowTurn<Data, Step>, input: FlowInput): Promise<FlowResult<Step>>;
  /** The question of `step`; `next(…)` when the step no longer makes sense and another should be asked. */
  ask(turn: FlowTurn<Data, Step>, step: Step): Promise<Reply[] | { kind: "next"; step: Step }>;
  /** The person stopped the flow with /cancel: forget what it kept outside the conversation. */
  cancel?(turn: FlowTurn<Data, Step>): Promise<void>;
}

/** One run of a flow within a turn, as the core drives it; the typed definition stays hidden behind it. */
export interface RunningFlow {
  readonly id: string;
  readonly ended: boolean;
  start(): Promise<Reply[]>;
  handle(input: FlowInput): Promise<Reply[]>;
  prompt(): Promise<Reply[]>;
  cancel(): Promise<void>;
  saved(): SavedFlow;
}

/** A flow the core can run: started fresh or resumed from what was saved. */
export interface Flow {
  readonly id: string;
  begin(turn: Turn, now: Date): RunningFlow;
  /** Undefined when the saved data or step no longer fits the flow. */
  resume(turn: Turn, saved: SavedFlow): RunningFlow | undefined;
}

/** A flow with its types, so a feature can reach the data of its own running flow from outside a step. */
export interface TypedFlow<Data, Step extends string> extends Flow {
  progressOf(running: RunningFlow | undefined): FlowProgress<Data, Step> | undefined;
}

/** A question that keeps sending to another one is a bug of the flow, not a reason to loop forever. */
const MAX_REDIRECTS = 5;

export function defineFlow<Data, Step extends string>(definition: FlowDefinition<Data, Step>): TypedFlow<Data, Step> {
  const progressOfRun = new WeakMap<RunningFlow, FlowProgress<Data, Step>>();
  const isStep = (value: string): value is Step => (definition.steps as readonly string[]).includes(value);

  function run(turn: Turn, saved: Omit<SavedFlow, "data" | "step">, step: Step, data: Data): RunningFlow {
    let current = { step, data, retries: saved.retries ?? 0, updatedAt: saved.updatedAt };
    let ended = false;
    const progress: FlowProgress<Data, Step> = {
      id: definition.id,
      get step() {
        return current.step;
      },
      get data() {
        return current.data;
      },
      set data(value) {
        current.data = value;
      },
      get retries() {
        return current.retries;
      },
      countRetry: () => ++current.retries,
    };
    const flowTurn: FlowTurn<Data, Step> = { ...turn, flow: progress };

    async function ask(step: Step): Promise<Reply[]> {
      for (let redirects = 0; ; redirects++) {
        const question = await definition.ask(flowTurn, step);
        if (Array.isArray(question)) return question;
        if (redirects >= MAX_REDIRECTS) throw new Error(`flow ${definition.id}: step ${step} keeps sending to another step`);
        moveTo(question.step);
        step = question.step;
      }
    }

    function moveTo(step: Step) {
      current = { ...current, step, retries: 0, updatedAt: new Date().toISOString() };
    }

    async function apply(result: FlowResult<Step>): Promise<Reply[]> {
      switch (result.kind) {
        case "next":
          moveTo(result.step);
          return [...(result.before ?? []), ...(await ask(result.step))];
        case "stay":
          if (result.step && result.step !== current.step) moveTo(result.step);
          return result.replies;
        case "detour":
          return [...result.replies, ...(await ask(current.step))];
        case "done":
          ended = true;
          return result.replies;
      }
    }

    const running: RunningFlow = {
      id: definition.id,
      get ended() {
        return ended;
      },
      start: async () => apply(await definition.start(flowTurn)),
      handle: async (input) => apply(await definition.handle(flowTurn, input)),
      prompt: () => ask(current.step),
      cancel: async () => definition.cancel?.(flowTurn),
      saved: () => ({
        id: definition.id,
        step: current.step,
        data: current.data,
        ...(current.retries ? { retries: current.retries } : {}),
        startedAt: saved.startedAt,
        updatedAt: current.updatedAt,
      }),
    };
    progressOfRun.set(running, progress);
    return running;
  }

  return {
    id: definition.id,
    begin(turn, now) {
      const at = now.toISOString();
      return run(turn, { id: definition.id, startedAt: at, updatedAt: at }, definition.steps[0], definition.data.parse({}));
    },
    resume(turn, saved) {
      const data = definition.data.safeParse(saved.data);
      if (!data.success || !isStep(saved.step)) return undefined;
      return run(turn, saved, saved.step, data.data);
    },
    progressOf: (running) => (running ? progressOfRun.get(running) : undefined),
  };
}
