/**
 * One person's turns, one at a time: work queued under a key (a person) starts when the
 * previous work under that key has settled, whether it succeeded or failed, so one person's
 * messages are answered in the order they came even when a platform delivers them together,
 * while other people's turns run alongside. The conversation store queues each person's state
 * work on it; channels that acknowledge a webhook before the turn runs (Zalo) queue the whole
 * turn on it. `drain` lets shutdown finish what started.
 */
export interface TurnQueue {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Resolves once nothing queued is left, including work queued while draining. */
  drain(): Promise<void>;
}

export function createTurnQueue(): TurnQueue {
  const lanes = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  return {
    run(key, work) {
      const current = (lanes.get(key) ?? Promise.resolve()).then(work, work);
      lanes.set(key, current);
      inFlight.add(current);
      const settle = () => {
        inFlight.delete(current);
        if (lanes.get(key) === current) lanes.delete(key);
      };
      current.then(settle, settle);
      return current;
    },
    async drain() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
