import type { SqlDatabase } from "../../db/index.js";
import { maskPersonalData } from "../../shared/index.js";
import type { ChannelName, Locale } from "./types.js";
import { savedFlowSchema, type SavedFlow } from "./saved-flow.js";
import { createTurnQueue } from "./turn-queue.js";

/** One question answered outside a flow, kept so that staff see the context of a handoff. */
export interface RecentExchange {
  /** What the person typed, masked, at most `MAX_RECENT_TEXT` characters. */
  question: string;
  /** A short note of the answer: its kind, the entry, and the first line the bot said. */
  answer: string;
  at: string;
}

/** What the last answer was about, so that a short follow-up ("thế lãi suất?") can lean on it. */
export interface TopicMemory {
  /** The question as searched: without personal context, masked. */
  question: string;
  entryIds: string[];
  markets: string[];
  at: string;
}

export interface ConversationState {
  locale: Locale;
  /** The flow the person is in (or left aside with /menu); only the core reads and writes it. */
  flow: SavedFlow | null;
  province: string | null;
  /** The last `MAX_RECENT_EXCHANGES` exchanges outside flows, oldest first. */
  recent: RecentExchange[];
  topic: TopicMemory | null;
}

/** The conversation as features see it: everything but the flow. */
export type PersonState = Omit<ConversationState, "flow">;

const MAX_RECENT_EXCHANGES = 6;
const MAX_RECENT_TEXT = 500;
const MAX_ANSWER_NOTE = 200;

/**
 * Keeps a question answered outside a flow in `state.recent`. The answer is noted, not
 * copied: its kind and entry say what happened, and its first line what the person read.
 */
export function rememberExchange(
  state: Pick<ConversationState, "recent">,
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

/** The row of `conversations` a turn reads: what it keeps, and the version it saves against. */
interface ConversationRow {
  locale: string;
  flow: unknown;
  province: string | null;
  recent: unknown;
  topic: unknown;
  version: number;
}

// Every message reads and usually writes its conversation: plain SQL (see DirectSql).
const SELECT_CONVERSATION = `SELECT locale, flow, province, recent, topic, version FROM conversations WHERE channel = $1 AND user_id = $2`;
const INSERT_CONVERSATION = `
  INSERT INTO conversations (channel, user_id, locale, flow, province, recent, topic, version, created_at, updated_at)
  VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7::jsonb, 0, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
  ON CONFLICT (channel, user_id) DO NOTHING`;
const UPDATE_CONVERSATION = `
  UPDATE conversations SET locale = $3, flow = $4::jsonb, province = $5, recent = $6::jsonb, topic = $7::jsonb, version = version + 1,
    updated_at = now() AT TIME ZONE 'UTC'
  WHERE channel = $1 AND user_id = $2 AND version = $8`;

export function createConversationStore(database: SqlDatabase): ConversationStore {
  const { sql } = database;
  const turns = createTurnQueue();

  async function load(channel: ChannelName, userId: string): Promise<ConversationRow | undefined> {
    return (await sql.query<ConversationRow>(SELECT_CONVERSATION, [channel, userId]))[0];
  }

  async function turn<T>(channel: ChannelName, userId: string, work: (state: ConversationState) => Promise<T>) {
    for (let attempt = 1; ; attempt++) {
      const row = await load(channel, userId);
      const state: ConversationState = row ? toState(row) : { locale: "vi", flow: null, province: null, recent: [], topic: null };
      const before = canonicalJson(state);
      const result = await work(state);
      if (canonicalJson(state) === before) return result;
      try {
        await save(channel, userId, state, row?.version);
        return result;
      } catch (error) {
        if (!(error instanceof ConcurrentConversationUpdate) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Inserts the first state, or updates the row still at `version`; otherwise someone saved in between. */
  async function save(channel: ChannelName, userId: string, state: ConversationState, version: number | undefined) {
    const values = [
      channel,
      userId,
      state.locale,
      state.flow === null ? null : JSON.stringify(state.flow),
      state.province,
      state.recent.length ? JSON.stringify(state.recent) : null,
      state.topic === null ? null : JSON.stringify(state.topic),
    ];
    const changed = version === undefined ? await sql.execute(INSERT_CONVERSATION, values) : await sql.execute(UPDATE_CONVERSATION, [...values, version]);
    if (changed === 0) throw new ConcurrentConversationUpdate();
  }

  return {
    withConversation(channel, userId, work) {
      return turns.run(`${channel}:${userId}`, () => turn(channel, userId, work));
    },
    async peek(channel, userId) {
      const row = await load(channel, userId);
      return row ? toState(row) : undefined;
    },
  };
}

/**
 * The state as JSON with every object's keys in order: a flow's data parsed by its schema comes
 * back with its keys in another order than PostgreSQL's jsonb keeps them, and a turn that
 * changed nothing must not write.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

function toState(row: ConversationRow): ConversationState {
  return {
    locale: row.locale === "en" ? "en" : "vi",
    flow: savedFlowOf(row.flow),
    province: row.province,
    recent: Array.isArray(row.recent) ? (row.recent as RecentExchange[]) : [],
    topic: isTopic(row.topic) ? row.topic : null,
  };
}

function isTopic(value: unknown): value is TopicMemory {
  const topic = value as TopicMemory | null;
  return !!topic && typeof topic.question === "string" && Array.isArray(topic.entryIds) && Array.isArray(topic.markets) && typeof topic.at === "string";
}

/** The saved flow's envelope; its data is parsed by the flow itself when a turn resumes it. */
function savedFlowOf(value: unknown): SavedFlow | null {
  const parsed = savedFlowSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A flow saved in another shape is still the person's form: kept with no step, so that the
  // core restarts it politely rather than forget it without a word.
  const id = savedFlowSchema.shape.id.safeParse(typeof value === "object" && value !== null && "id" in value ? value.id : undefined);
  const now = new Date().toISOString();
  return id.success ? { id: id.data, step: "", data: undefined, startedAt: now, updatedAt: now } : null;
}
