import type { Logger } from "pino";
import type { Flow, RunningFlow, Turn } from "./turn.js";
import type { SavedFlow } from "./saved-flow.js";
import type { Reply } from "./types.js";

/**
 * The flows of one turn: the one running, and the one set aside with /menu (kept as saved,
 * untouched, until it is resumed). A flow whose saved shape no longer fits is `outdated`
 * until the turn restarts it.
 */
export interface FlowSlot {
  active: RunningFlow | undefined;
  held: SavedFlow | null;
  outdated?: string;
}

/** Loads, starts, pauses, stops and saves the flows of a turn: the only code that changes which flow a person is in. */
export function createFlowSlots(flows: ReadonlyMap<string, Flow>, logger: Logger) {
  /** The flow saved with the conversation, its data parsed for this turn. */
  function load(saved: SavedFlow | null, turn: Turn): FlowSlot {
    const slot: FlowSlot = { active: undefined, held: null };
    if (!saved) return slot;
    if (saved.paused) return { ...slot, held: saved };
    const flow = flows.get(saved.id);
    if (!flow) return slot;
    slot.active = flow.resume(turn, saved);
    if (!slot.active) slot.outdated = saved.id;
    return slot;
  }

  /** What the turn leaves to save: the running flow, else the one waiting aside (one that cannot be read is kept until it restarts). */
  function toSave(slot: FlowSlot, loaded: SavedFlow | null): SavedFlow | null {
    if (slot.active && !slot.active.ended) return slot.active.saved();
    if (slot.held) return { ...slot.held, paused: true };
    return slot.outdated ? loaded : null;
  }

  /** Starts `flowId` from its first question, or continues it where the person left it with /menu. */
  async function start(turn: Turn, slot: FlowSlot, flow: Flow): Promise<Reply[]> {
    const held = slot.held;
    slot.held = null;
    if (held?.id === flow.id) {
      const resumed = flow.resume(turn, { ...unpaused(held), updatedAt: new Date().toISOString() });
      if (!resumed) return restartOutdated(turn, slot, flow);
      slot.active = resumed;
      return resumed.prompt();
    }
    slot.active = flow.begin(turn, new Date());
    return slot.active.start();
  }

  /** A form saved by an older version of the bot cannot be read: say so and start it again. */
  async function restartOutdated(turn: Turn, slot: FlowSlot, flow: Flow): Promise<Reply[]> {
    logger.info({ flow: flow.id }, "saved flow of an older shape: started again");
    slot.outdated = undefined;
    slot.active = flow.begin(turn, new Date());
    return [{ text: turn.t("flow.outdated") }, ...(await slot.active.start())];
  }

  /** /menu: the running flow waits aside with its answers. */
  function pause(slot: FlowSlot): boolean {
    if (!slot.active) return false;
    slot.held = { ...slot.active.saved(), paused: true };
    slot.active = undefined;
    return true;
  }

  /** /cancel: stops the running flow, or the one waiting aside; true when there was one. */
  async function cancel(turn: Turn, slot: FlowSlot): Promise<boolean> {
    const held = slot.held;
    slot.held = null;
    const hadFlow = Boolean(slot.active || held || slot.outdated);
    const stopping = slot.active ?? (held ? flows.get(held.id)?.resume(turn, unpaused(held)) : undefined);
    await stopping?.cancel();
    slot.active = undefined;
    slot.outdated = undefined;
    return hadFlow;
  }

  return { load, toSave, start, restartOutdated, pause, cancel };
}

function unpaused(flow: SavedFlow): SavedFlow {
  const { paused: _paused, ...rest } = flow;
  return rest;
}
