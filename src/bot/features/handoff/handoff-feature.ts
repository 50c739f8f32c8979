import type { ContextMessage, HandoffService, Person } from "../../../handoffs/index.js";
import type { Feature, Flow, Turn } from "../../core/index.js";
import { HANDOFF_FLOW_ID, type Reply } from "../../core/index.js";
import { maskPersonalData } from "../../../shared/index.js";

export { ASK_STAFF_AFTER_QUESTION, HANDOFF_FLOW_ID } from "../../core/index.js";

interface HandoffData {
  handoffId?: string;
  /** Typed with /canbo or at the confirmation: sent to staff once the handoff opens. */
  question?: string;
  /** Started from an answer: the last question of the conversation is what staff should answer. */
  afterQuestion?: boolean;
  /** The first message after opening is acknowledged; the rest get no reply. */
  acknowledged?: boolean;
}

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
  const dataOf = (turn: Turn) => turn.state.flow!.data as HandoffData;

  const flow: Flow = {
    id: HANDOFF_FLOW_ID,
    async start(turn) {
      const open = await service.findOpen(person(turn));
      if (open) return resume(turn, open.id);
      turn.state.flow!.step = "confirm";
      return [confirmation(turn)];
    },
    async handle(turn, input) {
      const state = turn.state.flow!;
      const data = dataOf(turn);
      if (input.action === "end") return endHandoff(turn);
      if (state.step === "confirm") {
        if (input.action === "yes") return openHandoff(turn);
        if (input.action === "no") {
          turn.state.flow = null;
          return [{ text: turn.t("handoff.declined"), buttons: [{ label: turn.t("menu.back"), action: "menu" }] }];
        }
        if (input.text) data.question = seal(input.text);
        return [confirmation(turn)];
      }
      if (!(await service.isOpen(data.handoffId!))) {
        // Staff closed it (and told the person): from now on the bot answers as usual.
        turn.state.flow = null;
        return input.text ? (await turn.answerQuestion(input.text)).replies : [turn.menu()];
      }
      if (!input.text) return flow.prompt(turn);
      await service.addPersonMessage(data.handoffId!, input.text);
      if (data.acknowledged) return [];
      data.acknowledged = true;
      return [{ text: turn.t("handoff.received") }];
    },
    async prompt(turn) {
      return turn.state.flow!.step === "confirm" ? [confirmation(turn)] : [{ text: turn.t("handoff.waiting") }];
    },
    async cancel(turn) {
      const { handoffId } = dataOf(turn);
      if (handoffId) await service.closeByPerson(handoffId);
    },
  };

  async function openHandoff(turn: Turn): Promise<Reply[]> {
    const data = dataOf(turn);
    const { handoff, reused } = await service.open(person(turn), { provinceCode: turn.state.province, context: contextOf(turn) });
    if (data.question) await service.addPersonMessage(handoff.id, unseal(data.question));
    const asked = data.question !== undefined || (data.afterQuestion === true && turn.state.recent.length > 0);
    turn.state.flow!.step = "open";
    turn.state.flow!.data = { handoffId: handoff.id, acknowledged: asked || reused } satisfies HandoffData;
    if (reused) return [{ text: turn.t("handoff.resumed") }];
    return [{ text: turn.t(asked ? "handoff.opened.sent" : "handoff.opened.askQuestion") }];
  }

  function resume(turn: Turn, handoffId: string): Reply[] {
    turn.state.flow!.step = "open";
    turn.state.flow!.data = { handoffId, acknowledged: true } satisfies HandoffData;
    return [{ text: turn.t("handoff.resumed") }];
  }

  /** Starts (or resumes) from a command, the menu or a button; `question` is what the person already wrote. */
  async function askStaff(turn: Turn, entry: { question?: string; afterQuestion?: boolean }): Promise<Reply[]> {
    const replies = await turn.startFlow(HANDOFF_FLOW_ID);
    const state = turn.state.flow;
    if (state?.id !== HANDOFF_FLOW_ID) return replies;
    if (state.step === "confirm") {
      Object.assign(state.data, entry.question ? { question: seal(entry.question) } : {}, entry.afterQuestion ? { afterQuestion: true } : {});
      return replies;
    }
    if (!entry.question) return replies;
    await service.addPersonMessage((state.data as HandoffData).handoffId!, entry.question);
    return [{ text: turn.t("handoff.received") }];
  }

  /** /huy: ends the handoff, whether the person is still in its flow or went elsewhere since. */
  async function endHandoff(turn: Turn): Promise<Reply[]> {
    const inFlow = turn.state.flow?.id === HANDOFF_FLOW_ID;
    const handoffId = inFlow ? dataOf(turn).handoffId : (await service.findOpen(person(turn)))?.id;
    if (inFlow) turn.state.flow = null;
    if (handoffId && (await service.closeByPerson(handoffId))) return [turn.menu("handoff.ended")];
    return [turn.menu(inFlow ? "cancelled" : "handoff.nothingOpen")];
  }

  function confirmation(turn: Turn): Reply {
    return {
      text: turn.t("handoff.confirm"),
      buttons: [
        { label: turn.t("handoff.confirm.yes"), action: `${HANDOFF_FLOW_ID}:yes` },
        { label: turn.t("handoff.confirm.no"), action: `${HANDOFF_FLOW_ID}:no` },
      ],
    };
  }

  const startFromCommand = (turn: Turn, argument: string) => askStaff(turn, { question: argument.trim() || undefined });

  return {
    menu: [{ action: `${HANDOFF_FLOW_ID}:start`, labelKey: "handoff.menu" }],
    commands: { canbo: startFromCommand, staff: startFromCommand, huy: endHandoff },
    actions: {
      // Outside the flow only: inside it, the core hands `ho:…` to `flow.handle`.
      [HANDOFF_FLOW_ID]: (turn, argument) => (argument === "end" ? endHandoff(turn) : askStaff(turn, { afterQuestion: argument === "asked" })),
    },
    flows: [flow],
    async greeting(turn) {
      if (!(await service.findOpen(person(turn)))) return [];
      return [
        {
          text: turn.t("handoff.stillOpen"),
          buttons: [
            { label: turn.t("handoff.continue"), action: `${HANDOFF_FLOW_ID}:start` },
            { label: turn.t("handoff.end"), action: `${HANDOFF_FLOW_ID}:end` },
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
