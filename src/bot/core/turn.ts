import type { z } from "zod";
import type { TextParams, Texts } from "../../shared/index.js";
import type { PersonState } from "./conversation-store.js";
import type { SavedFlow } from "./saved-flow.js";
import type { IncomingMessage, Locale, Reply, Source } from "./types.js";

/*
 * The shapes a turn, a feature and a flow share. A turn can start and read flows and a flow's
 * steps get a turn, so the two families refer to each other: they live in one module, which
 * the core and the flow engine both import, instead of importing each other.
 */

/** Everything a handler gets for one turn of a conversation. */
export interface Turn {
  readonly message: IncomingMessage;
  /** Mutable: what a handler leaves here is saved when the turn ends. The flow is not in it: only the core moves or ends a flow. */
  readonly state: PersonState;
  t(key: string, params?: TextParams): string;
  /** Starts a flow from its first question. */
  startFlow(flowId: string): Promise<Reply[]>;
  /** The id of the flow the person is in, if any. */
  activeFlowId(): string | undefined;
  /** The data of `flow` when it is the one running, to complete what a start left out. */
  progressOf<Data, Step extends string>(flow: TypedFlow<Data, Step>): FlowProgress<Data, Step> | undefined;
  /** The main menu, as a reply. */
  menu(textKey?: string): Reply;
  /**
   * Answers a free-text question without touching the active flow, so a flow can answer
   * a question typed mid-way and then ask its own step again.
   */
  answerQuestion(question: string): Promise<TurnResult>;
}

/** What a command or action handler returns: replies, or `done(replies)` to end the flow the person is in. */
export type HandlerReplies = Reply[] | { kind: "done"; replies: Reply[] };

export type TurnHandler = (turn: Turn, argument: string) => Promise<HandlerReplies>;

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

/** What a step (or a flow's start) asks the engine to do. */
export type FlowResult<Step extends string> =
  /** Go to `step` and ask its question, after `before` (a notice about the answer just given). */
  | { kind: "next"; step: Step; before?: Reply[] }
  /** Stay (at `step` when given, otherwise where the flow is) and say exactly `replies`. */
  | { kind: "stay"; step?: Step; replies: Reply[] }
  /** Say `replies` (an answer to a question typed mid-way), then ask the current step again. */
  | { kind: "detour"; replies: Reply[] }
  /** The flow is over: the engine ends it and says `replies`. */
  | { kind: "done"; replies: Reply[] };

/** An answer to the current step: typed text or the argument of a pressed button of the flow. */
export interface FlowInput {
  text?: string;
  action?: string;
}

/** What a step sees of its flow: the typed data and where it stands, never a way to end it. */
export interface FlowProgress<Data, Step extends string> {
  readonly id: string;
  readonly step: Step;
  /** Mutable: what a step leaves here is saved with the conversation. */
  data: Data;
  /** Failed answers to the current step (reset when the flow moves on). */
  readonly retries: number;
  /** Counts one more failed answer to the current step and returns how many there were. */
  countRetry(): number;
}

export type FlowTurn<Data, Step extends string> = Turn & { readonly flow: FlowProgress<Data, Step> };

export interface FlowDefinition<Data, Step extends string> {
  id: string;
  /** The shape of the saved data; `data.parse({})` is the data of a new run. */
  data: z.ZodType<Data>;
  /** Every step name; a saved step outside this list restarts the flow like a wrong shape does. */
  steps: readonly [Step, ...Step[]];
  start(turn: FlowTurn<Data, Step>): Promise<FlowResult<Step>>;
  handle(turn: FlowTurn<Data, Step>, input: FlowInput): Promise<FlowResult<Step>>;
  /** The question of `step`; `next(…)` when the step no longer makes sense and another should be asked. */
  ask(turn: FlowTurn<Data, Step>, step: Step): Promise<Reply[] | { kind: "next"; step: Step }>;
  /** The person stopped the flow with /cancel: forget what it kept outside the conversation. */
  cancel?(turn: FlowTurn<Data, Step>): Promise<void>;
}

/** One run of a flow within a turn, as the core drives it; the typed definition stays hidden behind it. */
export interface RunningFlow {
  readonly id: string;
  readonly ended: boolean;
  start(): Promise<Reply[]>;
  handle(input: FlowInput): Promise<Reply[]>;
  prompt(): Promise<Reply[]>;
  cancel(): Promise<void>;
  saved(): SavedFlow;
}

/** A flow the core can run: started fresh or resumed from what was saved. */
export interface Flow {
  readonly id: string;
  begin(turn: Turn, now: Date): RunningFlow;
  /** Undefined when the saved data or step no longer fits the flow. */
  resume(turn: Turn, saved: SavedFlow): RunningFlow | undefined;
}

/** A flow with its types, so a feature can reach the data of its own running flow from outside a step. */
export interface TypedFlow<Data, Step extends string> extends Flow {
  progressOf(running: RunningFlow | undefined): FlowProgress<Data, Step> | undefined;
}
