import type { Logger } from "pino";
import { checkActionPrefixes, packAction } from "./action-prefixes.js";
import { startFlowAction } from "./actions.js";
import { rememberExchange, type ConversationState, type ConversationStore, type PersonState } from "./conversation-store.js";
import { createFlowSlots, type FlowSlot } from "./flow-slot.js";
import type { Texts } from "../../shared/index.js";
import type { BotCore, Feature, HandlerReplies, QuestionAnswerer, RunningFlow, Turn, TurnHandler, TurnResult } from "./turn.js";
import { locales, type IncomingMessage, type Reply } from "./types.js";

export type { AnswerOutcome, BotCore, Feature, HandlerReplies, QuestionAnswerer, Turn, TurnHandler, TurnResult } from "./turn.js";

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
  const featureCommands: Record<string, TurnHandler> = Object.assign({}, ...features.map((feature) => feature.commands ?? {}));
  const featureActions: Record<string, TurnHandler> = Object.assign({}, ...features.map((feature) => feature.actions ?? {}));
  const menuItems = features.flatMap((feature) => feature.menu ?? []);
  const slots = createFlowSlots(flows, logger);

  const builtinCommands: Record<string, TurnHandler> = {
    start: async (turn) => {
      slotOf(turn).active = undefined;
      const extra: Reply[] = [];
      for (const feature of features) if (feature.greeting) extra.push(...repliesOf(turn, await feature.greeting(turn)));
      return [turn.menu("welcome"), ...extra];
    },
    // The menu really leaves a form: it is set aside with its answers and offered back.
    menu: async (turn) => [turn.menu(slots.pause(slotOf(turn)) ? "menu.paused" : "menu.title")],
    help: async (turn) => [helpReply(turn)],
    // /cancel after /menu stops the form that waits aside.
    cancel: async (turn) => [turn.menu((await slots.cancel(turn, slotOf(turn))) ? "cancelled" : "nothingToCancel")],
    language: async (turn) => [
      {
        text: turn.t("language.choose"),
        buttons: locales.map((locale) => ({ label: texts.t(locale, "language.name"), action: packAction("lang", locale) })),
      },
    ],
  };
  const builtinActions: Record<string, TurnHandler> = {
    menu: builtinCommands.menu!,
    help: builtinCommands.help!,
    cancel: builtinCommands.cancel!,
    language: builtinCommands.language!,
    lang: async (turn, locale) => {
      const chosen = locales.find((candidate) => candidate === locale);
      if (chosen) turn.state.locale = chosen;
      return [turn.menu("language.changed")];
    },
    flow: async (turn, flowId) => turn.startFlow(flowId),
    resume: async (turn) => {
      const held = slotOf(turn).held;
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
  const commands = { ...featureCommands, ...builtinCommands, ...vietnameseAliases(builtinCommands) };

  function helpReply(turn: Turn): Reply {
    return {
      text: helpText(turn, texts, menuItems, Object.keys(featureCommands)),
      buttons: [{ label: turn.t("menu.back"), action: "menu" }],
    };
  }

  // The flows of each turn, kept out of the state features see.
  const flowSlots = new WeakMap<Turn, FlowSlot>();
  const slotOf = (turn: Turn): FlowSlot => {
    const slot = flowSlots.get(turn);
    if (!slot) throw new Error("a turn of another core");
    return slot;
  };

  /** A handler's replies; `done` ends the flow the person is in. */
  function repliesOf(turn: Turn, result: HandlerReplies): Reply[] {
    if (Array.isArray(result)) return result;
    slotOf(turn).active = undefined;
    return result.replies;
  }

  function makeTurn(message: IncomingMessage, state: ConversationState, slot: FlowSlot): Turn {
    const turn: Turn = {
      message,
      state: personView(state),
      t: (key, params) => texts.t(state.locale, key, params),
      async startFlow(flowId) {
        const flow = flows.get(flowId);
        // Opening the paused form again continues it where the person left it.
        return flow ? slots.start(turn, slot, flow) : [turn.menu()];
      },
      activeFlowId: () => (slot.active?.ended ? undefined : slot.active?.id),
      progressOf: (flow) => (slot.active?.id === flow.id && !slot.active.ended ? flow.progressOf(slot.active) : undefined),
      answerQuestion: (question) => (options.answerQuestion ? options.answerQuestion(turn, question) : Promise.resolve(helpResult(turn))),
      menu(textKey = "menu.title") {
        const held = slot.held;
        const heldLabel = held && menuItems.find((item) => item.action === startFlowAction(held.id))?.labelKey;
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
    flowSlots.set(turn, slot);
    return turn;
  }

  async function route(turn: Turn): Promise<TurnResult> {
    const { message } = turn;
    const slot = slotOf(turn);
    const text = normaliseText(message.text);
    const command = text ? parseCommand(text) : undefined;
    const outdated = slot.outdated ? flows.get(slot.outdated) : undefined;
    // Commands keep their meaning (/cancel stops the unreadable form); anything else restarts it.
    if (outdated && !command) return { replies: await slots.restartOutdated(turn, slot, outdated) };
    const activeFlow = slot.active;

    if (message.unsupported) {
      const again = activeFlow ? await activeFlow.prompt() : [turn.menu()];
      return { replies: [{ text: turn.t("unsupported") }, ...again] };
    }

    if (command) {
      const handler = ownHandler(commands, command.name);
      if (handler) return { replies: repliesOf(turn, await handler(turn, command.argument)) };
      return { replies: [{ text: turn.t("unknownCommand") }, ...(activeFlow ? await activeFlow.prompt() : [turn.menu()])] };
    }

    if (message.action) {
      const [prefix = "", ...rest] = message.action.split(":");
      const argument = rest.join(":");
      // Global navigation always works, even in the middle of a flow.
      const builtin = ownHandler(builtinActions, prefix);
      if (builtin) return { replies: repliesOf(turn, await builtin(turn, argument)) };
      if (activeFlow && prefix === activeFlow.id) return { replies: await activeFlow.handle({ action: argument }) };
      const handler = ownHandler(featureActions, prefix);
      if (handler) return { replies: repliesOf(turn, await handler(turn, argument)) };
      if (flows.has(prefix)) return { replies: await endedFlowReplies(turn, prefix, activeFlow) };
      logger.debug({ prefix }, "button action nobody handles");
      return { replies: [activeFlow ? (await activeFlow.prompt())[0]! : turn.menu()] };
    }

    if (!text) return { replies: activeFlow ? await activeFlow.prompt() : [turn.menu()] };
    if (activeFlow) return { replies: await activeFlow.handle({ text }) };
    const result = await turn.answerQuestion(text);
    // Kept for staff: a handoff starts with the conversation so far.
    rememberExchange(turn.state, text, { outcome: result.outcome, firstReply: result.replies[0]?.text });
    return result;
  }

  function helpResult(turn: Turn): TurnResult {
    return { replies: [helpReply(turn)], outcome: { kind: "fallback", sources: [] } };
  }

  return {
    texts,
    handle(message) {
      return store.withConversation(message.channel, message.userId, async (state) => {
        const loaded = state.flow;
        const slot: FlowSlot = { active: undefined, held: null };
        const turn = makeTurn(message, state, slot);
        Object.assign(slot, slots.load(loaded, turn));
        const result = await route(turn);
        // Unless the turn resumed, replaced or cancelled it, the paused flow goes back to wait.
        state.flow = slots.toSave(slot, loaded);
        const active = state.flow && !state.flow.paused ? state.flow.id : undefined;
        return { ...result, locale: state.locale, ...(active ? { flow: active } : {}) };
      });
    },
    failureReply(locale = "vi") {
      return { text: texts.t(locale, "error.generic"), buttons: [{ label: texts.t(locale, "menu.back"), action: "menu" }] };
    },
  };
}

/** The conversation as features see it: everything but the flow, which only the core changes. */
function personView(state: ConversationState): PersonState {
  return {
    get locale() {
      return state.locale;
    },
    set locale(value) {
      state.locale = value;
    },
    get province() {
      return state.province;
    },
    set province(value) {
      state.province = value;
    },
    get recent() {
      return state.recent;
    },
    set recent(value) {
      state.recent = value;
    },
    get topic() {
      return state.topic;
    },
    set topic(value) {
      state.topic = value;
    },
  };
}

/** The built-ins' Vietnamese names (/trogiup, /dung, /ngonngu); the English ones stay for those who know them. */
function vietnameseAliases(builtins: Record<string, TurnHandler>): Record<string, TurnHandler> {
  return { trogiup: builtins.help!, dung: builtins.cancel!, ngonngu: builtins.language! };
}

/**
 * The help text. Its command list shows the commands with a description (`help.command.<name>`):
 * the Vietnamese names (/dung, /trogiup, /ngonngu for the built-ins), of the features plugged in.
 * The English aliases (/cancel, /help, /language…) keep working but are not advertised.
 */
function helpText(turn: Turn, texts: Texts, menuItems: { labelKey: string }[], featureCommands: string[]): string {
  const listed = ["menu", ...featureCommands, "dung", "ngonngu"].filter((name) => texts.has(`help.command.${name}`));
  return turn.t("help", {
    commands: menuItems.map((item) => `• ${turn.t(item.labelKey)}`).join("\n"),
    commandList: listed.map((name) => `/${name} – ${turn.t(`help.command.${name}`)}`).join("\n"),
  });
}

/**
 * A button of a flow that is no longer open (a form that has ended, or another one's): say
 * what it was rather than show the menu without a word.
 */
async function endedFlowReplies(turn: Turn, flowId: string, activeFlow: RunningFlow | undefined): Promise<Reply[]> {
  if (activeFlow) return [{ text: turn.t("flow.ended.other") }, ...(await activeFlow.prompt())];
  const buttons = [
    { label: turn.t("flow.restart"), action: startFlowAction(flowId) },
    { label: turn.t("menu.back"), action: "menu" },
  ];
  return [{ text: turn.t("flow.ended"), buttons }];
}

/** "📝 Đăng ký…" → "Đăng ký…": the resume button has its own icon. */
function withoutIcon(label: string): string {
  return label.replace(/^[^\p{L}\p{N}]+/u, "");
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
