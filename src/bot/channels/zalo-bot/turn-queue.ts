/**
 * Background turns, one person at a time: a webhook is acknowledged at once while the
 * conversation turn runs here, and one person's messages are answered in the order they came
 * even when the platform delivers them together. `drain` lets shutdown finish what started.
 */
export interface TurnQueue {
  run(userId: string, work: () => Promise<void>): Promise<void>;
  drain(): Promise<void>;
}

export function createTurnQueue(): TurnQueue {
  const lanes = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  return {
    run(userId, work) {
      const current = (lanes.get(userId) ?? Promise.resolve()).then(work, work);
      lanes.set(userId, current);
      inFlight.add(current);
      void current
        .finally(() => {
          inFlight.delete(current);
          if (lanes.get(userId) === current) lanes.delete(userId);
        })
        .catch(() => undefined);
      return current;
    },
    async drain() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
