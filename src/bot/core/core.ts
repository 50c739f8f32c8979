import type { Logger } from "pino";
import { checkActionPrefixes } from "./action-prefixes.js";
import { rememberExchange, type ConversationState, type ConversationStore, type FlowState } from "./conversation-store.js";
import type { TextParams, Texts } from "../../shared/index.js";
import { locales, type IncomingMessage, type Locale, type Reply, type Source } from "./types.js";

/** Everything a handler gets for one turn of a conversation. */
export interface Turn {
  readonly message: IncomingMessage;
  /** Mutable: what a handler leaves here is saved when the turn ends. */
  readonly state: ConversationState;
  t(key: string, params?: TextParams): string;
  /** Starts a flow from its first question. */
  startFlow(flowId: string): Promise<Reply[]>;
  /** The main menu, as a reply. */
  menu(textKey?: string): Reply;
  /**
   * Answers a free-text question without touching the active flow, so a flow can answer
   * a question typed mid-way and then ask its own step again.
   */
  answerQuestion(question: string): Promise<TurnResult>;
}

/** A multi-step conversation whose progress is kept in `state.flow`. */
export interface Flow {
  id: string;
  start(turn: Turn): Promise<Reply[]>;
  /** An answer (typed or pressed) to the current step. */
  handle(turn: Turn, input: { text?: string; action?: string }): Promise<Reply[]>;
  /** Asks the current step again, after an interruption. */
  prompt(turn: Turn): Promise<Reply[]>;
  /** The person stopped the flow with /cancel: forget what it kept outside `state.flow`. */
  cancel?(turn: Turn): Promise<void>;
}

export type TurnHandler = (turn: Turn, argument: string) => Promise<Reply[]>;

/** What a domain contributes to the bot. Only features that work are plugged in. */
export interface Feature {
  menu?: { action: string; labelKey: string }[];
  /** Slash commands without the slash, e.g. `vay` for `/vay`. */
  commands?: Record<string, TurnHandler>;
  /** Button actions by prefix: `kb` handles `kb:…`. */
  actions?: Record<string, TurnHandler>;
  flows?: Flow[];
  /** Extra replies after the welcome of /start, e.g. "you have a form in progress". */
  greeting?: (turn: Turn) => Promise<Reply[]>;
}

/** How the free-text question of a turn was answered, for evaluation and curators. */
export interface AnswerOutcome {
  /**
   * `answer`: with knowledge entries; `clarify`: "did you mean…"; `fallback`: nothing to say;
   * `smalltalk`: a greeting, thanks…; `company`: from the licensed companies list; `offer`: a
   * button to start a flow the person asked for (`offer` names the flow).
   */
  kind: "answer" | "clarify" | "fallback" | "smalltalk" | "company" | "offer";
  /** The main entry answered with. */
  entryId?: string;
  /** Every entry the reply answers with, the main one first (a question in several parts). */
  entryIds?: string[];
  /** The choices of "did you mean…", best first. */
  candidates?: string[];
  offer?: string;
  score?: number;
  sources: Source[];
}

export interface TurnResult {
  replies: Reply[];
  outcome?: AnswerOutcome;
  /** The person's language after the turn, for the channel's own labels. */
  locale?: Locale;
  /** The flow left open after the turn, if any. */
  flow?: string;
}

/** Answers free text outside a flow. Before the knowledge base exists: the help text. */
export type QuestionAnswerer = (turn: Turn, question: string) => Promise<TurnResult>;

export interface BotCore {
  handle(message: IncomingMessage): Promise<TurnResult>;
  /** The polite apology a channel sends when a turn failed. */
  failureReply(locale?: Locale): Reply;
  texts: Texts;
}

const MAX_TEXT_LENGTH = 4000;

export function createBotCore(options: {
  store: ConversationStore;
  texts: Texts;
  features?: Feature[];
  answerQuestion?: QuestionAnswerer;
  logger: Logger;
}): BotCore {
  const { store, texts, logger } = options;
  const features = options.features ?? [];
  const flows = new Map(features.flatMap((feature) => feature.flows ?? []).map((flow) => [flow.id, flow]));
  const featureCommands = Object.assign({}, ...features.map((feature) => feature.commands ?? {})) as Record<string, TurnHandler>;
  const featureActions = Object.assign({}, ...features.map((feature) => feature.actions ?? {})) as Record<string, TurnHandler>;
  const menuItems = features.flatMap((feature) => feature.menu ?? []);

  const builtinCommands: Record<string, TurnHandler> = {
    start: async (turn) => {
      turn.state.flow = null;
      const extra: Reply[] = [];
      for (const feature of features) if (feature.greeting) extra.push(...(await feature.greeting(turn)));
      return [turn.menu("welcome"), ...extra];
    },
    // The menu really leaves a form: it is set aside with its answers and offered back.
    menu: async (turn) => {
      if (!turn.state.flow) return [turn.menu()];
      pausedOf(turn).flow = { ...turn.state.flow, paused: true };
      turn.state.flow = null;
      return [turn.menu("menu.paused")];
    },
    help: async (turn) => [helpReply(turn)],
    cancel: async (turn) => {
      // /cancel after /menu stops the form that waits aside.
      const held = pausedOf(turn);
      if (!turn.state.flow && held.flow) turn.state.flow = unpaused(held.flow);
      held.flow = null;
      const hadFlow = turn.state.flow !== null;
      const activeFlow = turn.state.flow ? flows.get(turn.state.flow.id) : undefined;
      await activeFlow?.cancel?.(turn);
      turn.state.flow = null;
      return [turn.menu(hadFlow ? "cancelled" : "nothingToCancel")];
    },
    language: async (turn) => [
      {
        text: turn.t("language.choose"),
        buttons: locales.map((locale) => ({ label: texts.t(locale, "language.name"), action: `lang:${locale}` })),
      },
    ],
  };
  const builtinActions: Record<string, TurnHandler> = {
    menu: builtinCommands.menu!,
    help: builtinCommands.help!,
    cancel: builtinCommands.cancel!,
    language: builtinCommands.language!,
    lang: async (turn, locale) => {
      if ((locales as readonly string[]).includes(locale)) turn.state.locale = locale as Locale;
      return [turn.menu("language.changed")];
    },
    flow: async (turn, flowId) => turn.startFlow(flowId),
    resume: async (turn) => {
      const held = pausedOf(turn).flow;
      return held ? turn.startFlow(held.id) : [turn.menu("nothingToCancel")];
    },
  };
  checkActionPrefixes([
    { owner: "the core", prefixes: Object.keys(builtinActions) },
    ...features.map((feature, index) => ({
      owner: `feature ${index + 1} (${[...(feature.flows ?? []).map((flow) => flow.id), ...Object.keys(feature.actions ?? {})].join(", ")})`,
      prefixes: [...(feature.flows ?? []).map((flow) => flow.id), ...Object.keys(feature.actions ?? {})],
    })),
  ]);
  const commands = { ...featureCommands, ...builtinCommands };

  function helpReply(turn: Turn): Reply {
    return {
      text: turn.t("help", { commands: menuItems.map((item) => `• ${turn.t(item.labelKey)}`).join("\n") }),
      buttons: [{ label: turn.t("menu.back"), action: "menu" }],
    };
  }

  // The flow paused by /menu, per turn: kept out of `state.flow` while the turn runs.
  const pausedFlows = new WeakMap<Turn, { flow: FlowState | null }>();
  const pausedOf = (turn: Turn) => pausedFlows.get(turn)!;

  function makeTurn(message: IncomingMessage, state: ConversationState): Turn {
    const turn: Turn = {
      message,
      state,
      t: (key, params) => texts.t(state.locale, key, params),
      async startFlow(flowId) {
        const flow = flows.get(flowId);
        if (!flow) return [turn.menu()];
        const held = pausedOf(turn);
        if (held.flow?.id === flowId) {
          // Opening the paused form again continues it where the person left it.
          state.flow = { ...unpaused(held.flow), updatedAt: new Date().toISOString() };
          held.flow = null;
          return flow.prompt(turn);
        }
        held.flow = null;
        const now = new Date().toISOString();
        state.flow = { id: flowId, step: "start", data: {}, startedAt: now, updatedAt: now };
        return flow.start(turn);
      },
      answerQuestion: (question) => (options.answerQuestion ? options.answerQuestion(turn, question) : Promise.resolve(helpResult(turn))),
      menu(textKey = "menu.title") {
        const held = pausedOf(turn).flow;
        const heldLabel = held && menuItems.find((item) => item.action === `flow:${held.id}`)?.labelKey;
        return {
          text: turn.t(textKey),
          buttons: [
            ...(held
              ? [{ label: turn.t("menu.resume", { name: heldLabel ? withoutIcon(turn.t(heldLabel)) : turn.t("menu.resumeUnnamed") }), action: "resume" }]
              : []),
            ...menuItems.map((item) => ({ label: turn.t(item.labelKey), action: item.action })),
            { label: turn.t("menu.help"), action: "help" },
            { label: turn.t("menu.language"), action: "language" },
          ],
        };
      },
    };
    pausedFlows.set(turn, { flow: null });
    return turn;
  }

  async function route(turn: Turn): Promise<TurnResult> {
    const { message, state } = turn;
    const text = normaliseText(message.text);
    const activeFlow = state.flow ? flows.get(state.flow.id) : undefined;
    if (state.flow && !activeFlow) state.flow = null;

    if (message.unsupported) {
      const again = activeFlow ? await activeFlow.prompt(turn) : [turn.menu()];
      return { replies: [{ text: turn.t("unsupported") }, ...again] };
    }

    const command = text ? parseCommand(text) : undefined;
    if (command) {
      const handler = ownHandler(commands, command.name);
      if (handler) return { replies: await handler(turn, command.argument) };
      return { replies: [{ text: turn.t("unknownCommand") }, ...(activeFlow ? await activeFlow.prompt(turn) : [turn.menu()])] };
    }

    if (message.action) {
      const [prefix = "", ...rest] = message.action.split(":");
      const argument = rest.join(":");
      // Global navigation always works, even in the middle of a flow.
      const builtin = ownHandler(builtinActions, prefix);
      if (builtin) return { replies: await builtin(turn, argument) };
      if (activeFlow && prefix === activeFlow.id) return { replies: await activeFlow.handle(turn, { action: argument }) };
      const handler = ownHandler(featureActions, prefix);
      if (handler) return { replies: await handler(turn, argument) };
      logger.debug({ prefix }, "button action nobody handles");
      return { replies: [activeFlow ? (await activeFlow.prompt(turn))[0]! : turn.menu()] };
    }

    if (!text) return { replies: activeFlow ? await activeFlow.prompt(turn) : [turn.menu()] };
    if (activeFlow) return { replies: await activeFlow.handle(turn, { text }) };
    const result = await turn.answerQuestion(text);
    // Kept for staff: a handoff starts with the conversation so far.
    rememberExchange(state, text, { outcome: result.outcome, firstReply: result.replies[0]?.text });
    return result;
  }

  function helpResult(turn: Turn): TurnResult {
    return { replies: [helpReply(turn)], outcome: { kind: "fallback", sources: [] } };
  }

  return {
    texts,
    handle(message) {
      return store.withConversation(message.channel, message.userId, async (state) => {
        const turn = makeTurn(message, state);
        if (state.flow?.paused) {
          pausedOf(turn).flow = state.flow;
          state.flow = null;
        }
        const result = await route(turn);
        const held = pausedOf(turn).flow;
        // Unless the turn resumed, replaced or cancelled it, the paused flow goes back to wait.
        if (!state.flow && held) state.flow = held;
        const active = state.flow && !state.flow.paused ? state.flow.id : undefined;
        return { ...result, locale: state.locale, ...(active ? { flow: active } : {}) };
      });
    },
    failureReply(locale = "vi") {
      return { text: texts.t(locale, "error.generic"), buttons: [{ label: texts.t(locale, "menu.back"), action: "menu" }] };
    },
  };
}

/** "📝 Đăng ký…" → "Đăng ký…": the resume button has its own icon. */
function withoutIcon(label: string): string {
  return label.replace(/^[^\p{L}\p{N}]+/u, "");
}

function unpaused(flow: FlowState): FlowState {
  const { paused: _paused, ...rest } = flow;
  return rest;
}

/** People type the names: "/constructor" or a button "valueOf" must not reach Object.prototype. */
function ownHandler(handlers: Record<string, TurnHandler>, name: string): TurnHandler | undefined {
  return Object.hasOwn(handlers, name) ? handlers[name] : undefined;
}

function normaliseText(text: string | undefined): string | undefined {
  // PostgreSQL refuses NUL and lone UTF-16 surrogates in text and JSON: kept, they would make
  // saving the conversation fail for the rest of the turn.
  const cleaned = text
    ?.replace(/[\0\p{Cs}]/gu, "\uFFFD")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_TEXT_LENGTH);
  return cleaned ? cleaned : undefined;
}

/** `/start`, `/vay@MyBot 150tr` → { name: "vay", argument: "150tr" }. */
function parseCommand(text: string): { name: string; argument: string } | undefined {
  const match = /^\/([a-z_]+)(?:@\w+)?(?:\s+(.*))?$/i.exec(text);
  return match ? { name: match[1]!.toLowerCase(), argument: match[2] ?? "" } : undefined;
}
