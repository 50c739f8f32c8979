import { canonicalJson, type ConversationState, type ConversationStore } from "./conversation-store.js";
import { createTurnQueue } from "./turn-queue.js";

/**
 * Conversations in this process's memory, for tests of the core and its features that need no
 * database (nothing survives the process). Each state is kept as JSON, so a turn sees exactly
 * what a database would give back (no shared objects, no `undefined`, dates as strings); one
 * person's turns run one after the other.
 */
export function createMemoryConversationStore(): ConversationStore {
  const saved = new Map<string, string>();
  const turns = createTurnQueue();
  const fresh = (): ConversationState => ({ locale: "vi", flow: null, province: null, recent: [], topic: null });

  async function turn<T>(key: string, work: (state: ConversationState) => Promise<T>): Promise<T> {
    const stored = saved.get(key);
    const state: ConversationState = stored ? JSON.parse(stored) : fresh();
    const before = canonicalJson(state);
    const result = await work(state);
    if (canonicalJson(state) !== before) saved.set(key, JSON.stringify(state));
    return result;
  }

  return {
    withConversation(channel, userId, work) {
      const key = `${channel}:${userId}`;
      return turns.run(key, () => turn(key, work));
    },
    async peek(channel, userId) {
      const stored = saved.get(`${channel}:${userId}`);
      return stored ? (JSON.parse(stored) as ConversationState) : undefined;
    },
  };
}
