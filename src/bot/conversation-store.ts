import type { PrismaClient } from "../db/index.js";
import { Prisma } from "../db/index.js";
import { maskPersonalData } from "../knowledge/question-log.js";
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

/** One question answered outside a flow, kept so that staff see the context of a handoff. */
export interface RecentExchange {
  /** What the person typed, masked, at most `MAX_RECENT_TEXT` characters. */
  question: string;
  /** A short note of the answer: its kind, the entry, and the first line the bot said. */
  answer: string;
  at: string;
}

export interface ConversationState {
  locale: Locale;
  flow: FlowState | null;
  province: string | null;
  /** The last `MAX_RECENT_EXCHANGES` exchanges outside flows, oldest first. */
  recent: RecentExchange[];
}

const MAX_RECENT_EXCHANGES = 6;
const MAX_RECENT_TEXT = 500;
const MAX_ANSWER_NOTE = 200;

/**
 * Keeps a question answered outside a flow in `state.recent`. The answer is noted, not
 * copied: its kind and entry say what happened, and its first line what the person read.
 */
export function rememberExchange(
  state: ConversationState,
  question: string,
  answer: { outcome?: { kind: string; entryId?: string }; firstReply?: string },
): void {
  const kind = answer.outcome ? `${answer.outcome.kind}${answer.outcome.entryId ? ` ${answer.outcome.entryId}` : ""}` : "other";
  const firstLine = answer.firstReply?.split("\n")[0]?.trim() ?? "";
  state.recent = [
    ...state.recent,
    {
      question: maskPersonalData(question).slice(0, MAX_RECENT_TEXT),
      answer: `[${kind}] ${firstLine}`.slice(0, MAX_ANSWER_NOTE),
      at: new Date().toISOString(),
    },
  ].slice(-MAX_RECENT_EXCHANGES);
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
      const state: ConversationState = row ? toState(row) : { locale: "vi", flow: null, province: null, recent: [] };
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
      recent: state.recent.length ? (state.recent as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
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

function toState(row: { locale: string; flow: unknown; province: string | null; recent: unknown }): ConversationState {
  return {
    locale: row.locale === "en" ? "en" : "vi",
    flow: (row.flow as FlowState | null) ?? null,
    province: row.province,
    recent: Array.isArray(row.recent) ? (row.recent as RecentExchange[]) : [],
  };
}
