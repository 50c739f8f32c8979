import type { ConversationState, ConversationStore } from "./conversation-store.js";

/**
 * Conversations in this process's memory, for tests of the core and its features that need no
 * database (nothing survives the process). Each state is kept as JSON, so a turn sees exactly what a database would give back (no shared objects,
 * no `undefined`, dates as strings); one person's turns run one after the other.
 */
export function createMemoryConversationStore(): ConversationStore {
  const saved = new Map<string, string>();
  const queues = new Map<string, Promise<unknown>>();
  const fresh = (): ConversationState => ({ locale: "vi", flow: null, province: null, recent: [], topic: null });

  async function turn<T>(key: string, work: (state: ConversationState) => Promise<T>): Promise<T> {
    const stored = saved.get(key);
    const state: ConversationState = stored ? JSON.parse(stored) : fresh();
    const before = JSON.stringify(state);
    const result = await work(state);
    const after = JSON.stringify(state);
    if (after !== before) saved.set(key, after);
    return result;
  }

  return {
    withConversation(channel, userId, work) {
      const key = `${channel}:${userId}`;
      const current = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => turn(key, work));
      queues.set(key, current);
      const cleanup = () => {
        if (queues.get(key) === current) queues.delete(key);
      };
      current.then(cleanup, cleanup);
      return current;
    },
    async peek(channel, userId) {
      const stored = saved.get(`${channel}:${userId}`);
      return stored ? (JSON.parse(stored) as ConversationState) : undefined;
    },
  };
}
