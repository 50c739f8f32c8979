import type { PrismaClient } from "../db/index.js";
import { Prisma } from "../db/index.js";
import type { ChannelName, Locale } from "./types.js";

/** Where a person is in a multi-step flow (loan check, registration…). */
export interface FlowState {
  id: string;
  step: string;
  data: Record<string, unknown>;
  /** Failed answers to the current step, to offer staff help after a few. */
  retries?: number;
  startedAt: string;
  updatedAt: string;
}

export interface ConversationState {
  locale: Locale;
  flow: FlowState | null;
  province: string | null;
}

export interface ConversationStore {
  /**
   * Gives `work` the person's state and saves what it leaves there. Turns of one person
   * never interleave: in this process they queue, and across processes a version check
   * detects a concurrent save and runs the turn again on the fresh state.
   */
  withConversation<T>(channel: ChannelName, userId: string, work: (state: ConversationState) => Promise<T>): Promise<T>;
  peek(channel: ChannelName, userId: string): Promise<ConversationState | undefined>;
}

export class ConcurrentConversationUpdate extends Error {
  constructor() {
    super("The conversation was changed by another instance at the same time");
    this.name = "ConcurrentConversationUpdate";
  }
}

const MAX_ATTEMPTS = 3;

export function createConversationStore(prisma: PrismaClient): ConversationStore {
  const queues = new Map<string, Promise<unknown>>();

  async function turn<T>(channel: ChannelName, userId: string, work: (state: ConversationState) => Promise<T>) {
    for (let attempt = 1; ; attempt++) {
      const row = await prisma.conversation.findUnique({ where: { channel_userId: { channel, userId } } });
      const state = row ? toState(row) : { locale: "vi" as Locale, flow: null, province: null };
      const before = JSON.stringify(state);
      const result = await work(state);
      if (JSON.stringify(state) === before) return result;
      try {
        await save(channel, userId, state, row?.version);
        return result;
      } catch (error) {
        if (!(error instanceof ConcurrentConversationUpdate) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async function save(channel: ChannelName, userId: string, state: ConversationState, version: number | undefined) {
    const data = {
      locale: state.locale,
      flow: state.flow === null ? Prisma.DbNull : (state.flow as unknown as Prisma.InputJsonValue),
      province: state.province,
    };
    if (version === undefined) {
      try {
        await prisma.conversation.create({ data: { channel, userId, ...data } });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          throw new ConcurrentConversationUpdate();
        }
        throw error;
      }
      return;
    }
    const { count } = await prisma.conversation.updateMany({
      where: { channel, userId, version },
      data: { ...data, version: { increment: 1 } },
    });
    if (count === 0) throw new ConcurrentConversationUpdate();
  }

  return {
    withConversation(channel, userId, work) {
      const key = `${channel}:${userId}`;
      const previous = queues.get(key) ?? Promise.resolve();
      const current = previous.catch(() => undefined).then(() => turn(channel, userId, work));
      queues.set(key, current);
      const cleanup = () => {
        if (queues.get(key) === current) queues.delete(key);
      };
      current.then(cleanup, cleanup);
      return current;
    },
    async peek(channel, userId) {
      const row = await prisma.conversation.findUnique({ where: { channel_userId: { channel, userId } } });
      return row ? toState(row) : undefined;
    },
  };
}

function toState(row: { locale: string; flow: unknown; province: string | null }): ConversationState {
  return {
    locale: row.locale === "en" ? "en" : "vi",
    flow: (row.flow as FlowState | null) ?? null,
    province: row.province,
  };
}
