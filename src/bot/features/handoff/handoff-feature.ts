import type { ContextMessage, HandoffService, Person } from "../../../handoffs/index.js";
import { z } from "zod";
import { actionCodec, defineFlow, done, next, stay, type Feature, type FlowResult, type FlowTurn, type HandlerReplies, type Turn } from "../../core/index.js";
import { HANDOFF_FLOW_ID, type Reply } from "../../core/index.js";
import { maskPersonalData } from "../../../shared/index.js";

export { ASK_STAFF_AFTER_QUESTION, HANDOFF_FLOW_ID } from "../../core/index.js";

const handoffData = z.object({
  handoffId: z.string().optional(),
  /** Typed with /canbo or at the confirmation: sent to staff once the handoff opens (sealed). */
  question: z.string().optional(),
  /** Started from an answer: the last question of the conversation is what staff should answer. */
  afterQuestion: z.boolean().optional(),
  /** The first message after opening is acknowledged in full; the rest get a short note. */
  acknowledged: z.boolean().optional(),
  /** When the last short note was sent (ISO): see NOTE_EVERY_MS. */
  notedAt: z.string().optional(),
});
type HandoffData = z.infer<typeof handoffData>;
type HandoffStep = "confirm" | "open";
type HandoffTurn = FlowTurn<HandoffData, HandoffStep>;

/** The buttons of the handoff (`ho:…`), in the wire format of buttons already sent. */
const handoffActions = actionCodec(HANDOFF_FLOW_ID, { yes: {}, no: {}, end: {}, start: {}, asked: {} });

/**
 * A message after the first gets a short "staff will answer here" — silence made people
 * think the chat was broken and ask again — but at most once in this many milliseconds: a
 * person who writes three lines in a row should not get three identical bubbles back.
 */
const NOTE_EVERY_MS = 5 * 60_000;

/**
 * "Hỏi cán bộ": after the person agrees, the conversation so far and everything they write
 * go to the staff inbox, and the bot stays silent until staff (or the person, with /huy or
 * /cancel) close it. Staff replies arrive through the channel, outside this flow.
 */
export function createHandoffFeature(deps: {
  service: HandoffService;
  /**
   * What is typed at the confirmation step waits in the conversation state (a database row)
   * until the handoff opens: sealed with the registration key, as form answers are.
   */
  seal?: { seal(plain: string): string; open(sealed: string): string };
}): Feature {
  const { service } = deps;
  const seal = (text: string) => (deps.seal ? deps.seal.seal(text) : maskPersonalData(text));
  const unseal = (text: string) => (deps.seal ? deps.seal.open(text) : text);
  const person = (turn: Turn): Person => ({ channel: turn.message.channel, userId: turn.message.userId });

  const flow = defineFlow<HandoffData, HandoffStep>({
    id: HANDOFF_FLOW_ID,
    data: handoffData,
    steps: ["confirm", "open"],
    async start(turn) {
      const open = await service.findOpen(person(turn));
      if (!open) return next("confirm");
      turn.flow.data = { handoffId: open.id, acknowledged: true };
      return stay([{ text: turn.t("handoff.resumed") }], "open");
    },
    async handle(turn, input) {
      const action = input.action === undefined ? undefined : handoffActions.unpack(input.action);
      if (action?.kind === "end") return done(await closeHandoff(turn, turn.flow.data.handoffId));
      if (turn.flow.step === "confirm") return confirm(turn, action?.kind, input.text);
      const { handoffId } = turn.flow.data;
      if (!handoffId || !(await service.isOpen(handoffId))) {
        // Staff closed it (and told the person): from now on the bot answers as usual.
        return done(input.text ? (await turn.answerQuestion(input.text)).replies : [turn.menu()]);
      }
      if (!input.text) return stay([{ text: turn.t("handoff.waiting") }]);
      await service.addPersonMessage(handoffId, input.text);
      return stay(acknowledgement(turn));
    },
    async ask(turn, step) {
      return step === "confirm" ? [confirmation(turn)] : [{ text: turn.t("handoff.waiting") }];
    },
    async cancel(turn) {
      const { handoffId } = turn.flow.data;
      if (handoffId) await service.closeByPerson(handoffId);
    },
  });

  async function confirm(turn: HandoffTurn, answer: string | undefined, text: string | undefined): Promise<FlowResult<HandoffStep>> {
    if (answer === "yes") return openHandoff(turn);
    if (answer === "no") return done([{ text: turn.t("handoff.declined"), buttons: [{ label: turn.t("menu.back"), action: "menu" }] }]);
    if (text) turn.flow.data.question = seal(text);
    return stay([confirmation(turn)]);
  }

  /** The first message after opening is acknowledged in full; later ones with a short note, now and then. */
  function acknowledgement(turn: HandoffTurn): Reply[] {
    const data = turn.flow.data;
    if (!data.acknowledged) {
      data.acknowledged = true;
      return [{ text: turn.t("handoff.received") }];
    }
    const now = Date.now();
    if (data.notedAt && now - Date.parse(data.notedAt) < NOTE_EVERY_MS) return [];
    data.notedAt = new Date(now).toISOString();
    return [{ text: turn.t("handoff.noted") }];
  }

  async function openHandoff(turn: HandoffTurn): Promise<FlowResult<HandoffStep>> {
    const data = turn.flow.data;
    const { handoff, reused } = await service.open(person(turn), { provinceCode: turn.state.province, context: contextOf(turn) });
    if (data.question) await service.addPersonMessage(handoff.id, unseal(data.question));
    const asked = data.question !== undefined || (data.afterQuestion === true && turn.state.recent.length > 0);
    turn.flow.data = { handoffId: handoff.id, acknowledged: asked || reused };
    if (reused) return stay([{ text: turn.t("handoff.resumed") }], "open");
    return stay([{ text: turn.t(asked ? "handoff.opened.sent" : "handoff.opened.askQuestion") }], "open");
  }

  /** Starts (or resumes) from a command, the menu or a button; `question` is what the person already wrote. */
  async function askStaff(turn: Turn, entry: { question?: string; afterQuestion?: boolean }): Promise<Reply[]> {
    const replies = await turn.startFlow(HANDOFF_FLOW_ID);
    const progress = turn.progressOf(flow);
    if (!progress) return replies;
    if (progress.step === "confirm") {
      if (entry.question) progress.data.question = seal(entry.question);
      if (entry.afterQuestion) progress.data.afterQuestion = true;
      return replies;
    }
    if (!entry.question || !progress.data.handoffId) return replies;
    await service.addPersonMessage(progress.data.handoffId, entry.question);
    return [{ text: turn.t("handoff.received") }];
  }

  /** /huy: ends the handoff, whether the person is still in its flow or went elsewhere since. */
  async function endHandoff(turn: Turn): Promise<HandlerReplies> {
    const inFlow = turn.progressOf(flow);
    if (inFlow) return done(await closeHandoff(turn, inFlow.data.handoffId));
    const handoffId = (await service.findOpen(person(turn)))?.id;
    if (!handoffId && turn.activeFlowId()) {
      // "Hủy" in the middle of a form means "stop this": say how, and leave the form as it is.
      return [{ text: turn.t("handoff.notInFlow"), buttons: [{ label: turn.t("handoff.stopForm"), action: "cancel" }] }];
    }
    return closeHandoff(turn, handoffId, false);
  }

  async function closeHandoff(turn: Turn, handoffId: string | undefined, inFlow = true): Promise<Reply[]> {
    if (handoffId && (await service.closeByPerson(handoffId))) return [turn.menu("handoff.ended")];
    return [turn.menu(inFlow ? "cancelled" : "handoff.nothingOpen")];
  }

  function confirmation(turn: Turn): Reply {
    return {
      text: turn.t("handoff.confirm"),
      buttons: [
        { label: turn.t("handoff.confirm.yes"), action: handoffActions.pack("yes") },
        { label: turn.t("handoff.confirm.no"), action: handoffActions.pack("no") },
      ],
    };
  }

  const startFromCommand = (turn: Turn, argument: string) => askStaff(turn, { question: argument.trim() || undefined });

  return {
    menu: [{ action: handoffActions.pack("start"), labelKey: "handoff.menu" }],
    commands: { canbo: startFromCommand, staff: startFromCommand, huy: endHandoff },
    actions: {
      // Outside the flow only: inside it, the core hands `ho:…` to `flow.handle`.
      [HANDOFF_FLOW_ID]: (turn, argument) => {
        const action = handoffActions.unpack(argument);
        return action?.kind === "end" ? endHandoff(turn) : askStaff(turn, { afterQuestion: action?.kind === "asked" });
      },
    },
    flows: [flow],
    async greeting(turn) {
      if (!(await service.findOpen(person(turn)))) return [];
      return [
        {
          text: turn.t("handoff.stillOpen"),
          buttons: [
            { label: turn.t("handoff.continue"), action: handoffActions.pack("start") },
            { label: turn.t("handoff.end"), action: handoffActions.pack("end") },
          ],
        },
      ];
    },
  };
}

/** The conversation so far, as staff will read it before the person's own messages. */
function contextOf(turn: Turn): ContextMessage[] {
  return turn.state.recent.flatMap((exchange) => [
    { author: "citizen" as const, text: exchange.question, at: new Date(exchange.at) },
    { author: "bot" as const, text: exchange.answer, at: new Date(exchange.at) },
  ]);
}
