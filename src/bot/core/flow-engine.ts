import type { SavedFlow } from "./saved-flow.js";
import type { FlowDefinition, FlowProgress, FlowResult, FlowTurn, RunningFlow, Turn, TypedFlow } from "./turn.js";
import type { Reply } from "./types.js";

export type { Flow, FlowDefinition, FlowInput, FlowProgress, FlowResult, FlowTurn, RunningFlow, TypedFlow } from "./turn.js";

/**
 * The one flow engine. A flow declares its data with a zod schema and its steps by name; its
 * steps answer with a result, and only the engine moves between steps or ends the flow. The
 * saved data is parsed when a turn loads it, so a form saved by an older version of the bot
 * (another shape) is started again politely instead of failing half-way.
 */

export const next = <Step extends string>(step: Step, before?: Reply[]): FlowResult<Step> => ({ kind: "next", step, ...(before?.length ? { before } : {}) });
export const stay = <Step extends string>(replies: Reply[], step?: Step): FlowResult<Step> => ({ kind: "stay", replies, ...(step ? { step } : {}) });
export const detour = (replies: Reply[]): FlowResult<never> => ({ kind: "detour", replies });
export const done = (replies: Reply[]): { kind: "done"; replies: Reply[] } => ({ kind: "done", replies });

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
