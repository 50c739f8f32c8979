import type { IncomingMessage } from "../bot/core/index.js";
import type { TurnResult } from "../bot/core/index.js";
import { judge, type Observation, type Verdict } from "./judge.js";
import type { EvaluationCase, EvaluationConversation } from "./sets.js";

/** The bot as a person reaches it: one message in, the replies and the flow left open out. */
export type HandleMessage = (message: IncomingMessage) => Promise<TurnResult>;

export interface CaseResult {
  item: EvaluationCase;
  observed: Observation;
  verdict: Verdict;
  /** Of a conversation's turns after the first: the ones that depend on context. */
  followUp: boolean;
  /** Other parts of a multi-part question that the reply answered or offered. */
  partsCovered: number;
  ms: number;
}

// The flows a message can start, by the names the development sets use.
const flowNames: Record<string, string> = { loan: "loan-check", reg: "registration", ho: "staff" };

export function observe(result: TurnResult): Observation {
  const outcome = result.outcome;
  const said = (result.replies[0]?.text ?? "").split("\n")[0]!.slice(0, 160);
  const flow = result.flow ? (flowNames[result.flow] ?? result.flow) : undefined;
  const base = { entryIds: [] as string[], candidates: [] as string[], said };
  // A flow the message opened decides what the person sees next, whatever else was said.
  if (flow && outcome?.kind !== "offer") return { ...base, kind: "flow", flow };
  if (!outcome) return { ...base, kind: "other" };
  switch (outcome.kind) {
    case "answer":
      return { ...base, kind: "answer", entryIds: outcome.entryIds ?? (outcome.entryId ? [outcome.entryId] : []) };
    case "clarify":
      return { ...base, kind: "clarify", candidates: outcome.candidates ?? [] };
    case "offer":
      return { ...base, kind: "offer", flow: outcome.offer ? (flowNames[outcome.offer] ?? outcome.offer) : undefined };
    default:
      return { ...base, kind: outcome.kind };
  }
}

function buttonsOf(result: TurnResult): string[] {
  return result.replies.flatMap((reply) => reply.buttons?.map((button) => button.action) ?? []);
}

async function runCase(handle: HandleMessage, userId: string, item: EvaluationCase, resolve: (id: string) => string, followUp: boolean): Promise<CaseResult> {
  const started = performance.now();
  const result = await handle({ channel: "cli", userId, text: item.text });
  const ms = performance.now() - started;
  const observed = observe(result);
  const answered = new Set(observed.entryIds.map(resolve));
  const offered = new Set(buttonsOf(result).flatMap((action) => (action.startsWith("kb:") ? [resolve(action.slice(3))] : [])));
  const partsCovered = item.also.filter((id) => answered.has(resolve(id)) || offered.has(resolve(id))).length;
  return { item, observed, verdict: judge(item.expect, observed, resolve), followUp, partsCovered, ms };
}

/** Each question asked by a new person, so that no answer depends on another. */
export async function runQuestions(handle: HandleMessage, cases: EvaluationCase[], resolve: (id: string) => string, prefix = "q") {
  const results: CaseResult[] = [];
  for (const [index, item] of cases.entries()) results.push(await runCase(handle, `${prefix}-${index}`, item, resolve, false));
  return results;
}

/** Each conversation by one person, turn after turn. */
export async function runConversations(handle: HandleMessage, conversations: EvaluationConversation[], resolve: (id: string) => string) {
  const results: CaseResult[] = [];
  for (const [index, conversation] of conversations.entries()) {
    for (const [turn, item] of conversation.turns.entries()) {
      results.push(await runCase(handle, `c-${index}-${conversation.id}`, item, resolve, turn > 0));
    }
  }
  return results;
}
