import {
  answerMessageWithModel,
  type AssistedAnswer,
  type KnowledgeBase,
  type KnowledgeEntry,
  type KnowledgeResult,
  type MessageAnswer,
} from "../../knowledge/index.js";
import type { ModelAssistant } from "../../llm/index.js";
import type { KnowledgeHolder } from "../../knowledge/index.js";
import type { QuestionLog } from "../../knowledge/index.js";
import { maskPersonalData } from "../../shared/index.js";
import { z } from "zod";
import { actionCodec, ASK_STAFF_AFTER_QUESTION, tupleActionCodec, type Feature, type QuestionAnswerer, type Turn, type TurnResult } from "../core/index.js";
import type { Texts } from "../../shared/index.js";
import type { Button, Reply, Source } from "../core/index.js";

// Buttons under an answer: related questions and follow-ups together, before 👍/👎 and the menu.
const MAX_ENTRY_BUTTONS = 4;
/** `kb:<entry id>` shows an entry; `kb:ask` (the menu's "ask a question") invites a question. */
const entryActions = tupleActionCodec("kb", { entryId: z.string().min(1) });
const ASK_ENTRY = "ask";
/** `fb:up:<entry id>` / `fb:down:<entry id>`: whether an answer helped. */
const feedbackActions = actionCodec("fb", { up: { entryId: z.string() }, down: { entryId: z.string() } });

/**
 * The knowledge base in the conversation: free-text questions (in parts, in English, or as a
 * follow-up of the previous one), "did you mean…" choices, related questions and follow-up
 * buttons, and 👍/👎 feedback. Answers quote curated entries only.
 */
export function createKnowledgeFeature(options: {
  knowledge: Pick<KnowledgeHolder, "current">;
  questionLog: QuestionLog;
  texts: Texts;
  today?: () => string;
  /** An optional language model (see src/knowledge/assisted-message.ts); without it, the plain answers. */
  assistant?: ModelAssistant;
}) {
  const { questionLog, texts } = options;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));

  const answerQuestion: QuestionAnswerer = async (turn, question) => {
    const knowledge = options.knowledge.current;
    const mentioned = knowledge.provinceIn(question);
    if (mentioned) turn.state.province = mentioned;
    const message = await answerMessageWithModel(
      knowledge,
      question,
      { province: turn.state.province, previous: turn.state.topic ?? undefined },
      options.assistant,
    );
    if (message.placeNoted) {
      return { replies: [{ text: turn.t("kb.placeNoted", { place: turn.t(`kb.place.${message.placeNoted}`) }) }], outcome: { kind: "smalltalk", sources: [] } };
    }
    if (message.topic) turn.state.topic = { ...message.topic, question: maskPersonalData(message.topic.question) };
    const main = message.parts[0]!.result;
    // Awaited: a question curators never see is a question nobody improves the content for.
    await questionLog.record({
      question,
      outcome: main.kind,
      entryId: bestEntryFor(knowledge, message),
      score: "score" in main ? main.score : undefined,
      // Answered only thanks to the model: logged with what the search itself found, so that
      // curators still see the question among the weakly answered and add its phrasing.
      coverage: message.rewritten ? message.rewritten.plainCoverage : "coverage" in main ? main.coverage : undefined,
      channel: turn.message.channel,
      province: turn.state.province,
    });
    return render(turn, message);
  };

  function render(turn: Turn, message: AssistedAnswer): TurnResult {
    const intro: Reply[] = message.english ? [{ text: texts.t("en", "kb.englishIntro") }] : [];
    const answered = message.parts.flatMap(({ result }) => (result.kind === "answer" ? [result] : []));
    if (answered.length) {
      const replies = message.composed
        ? [composedReply(turn, message.composed.text, answered)]
        : answered.map((result, index) => entryReply(turn, result.entry, index === answered.length - 1 ? answered : []));
      return {
        replies: [...intro, ...replies],
        outcome: {
          kind: "answer",
          entryId: answered[0]!.entry.id,
          entryIds: answered.map((result) => result.entry.id),
          score: round(answered[0]!.score),
          sources: answered.flatMap((result) => sourcesOf(result.entry)),
        },
      };
    }
    const result = message.parts[0]!.result;
    if (result.kind === "clarify") {
      return {
        replies: [
          ...intro,
          {
            text: turn.t("kb.clarify"),
            buttons: [
              ...result.candidates.map((entry) => ({ label: entry.title, action: entryActions.pack({ entryId: entry.id }) })),
              { label: turn.t("kb.noneOfThese"), action: ASK_STAFF_AFTER_QUESTION },
            ],
          },
        ],
        outcome: { kind: "clarify", candidates: result.candidates.map((entry) => entry.id), score: round(result.score), sources: [] },
      };
    }
    return {
      replies: [
        ...intro,
        {
          text: turn.t(result.kind === "fallback" && result.reason === "out-of-scope" ? "kb.outOfScope" : "kb.fallback"),
          buttons: [
            { label: turn.t("handoff.menu"), action: ASK_STAFF_AFTER_QUESTION },
            { label: turn.t("menu.back"), action: "menu" },
          ],
        },
      ],
      outcome: { kind: "fallback", sources: [] },
    };
  }

  /**
   * One entry as a reply. The last reply of a turn carries the buttons: the rule in force for
   * an old one, related questions the search found close, the entry's own follow-ups, 👍/👎.
   */
  function entryReply(turn: Turn, entry: KnowledgeEntry, answeredInTurn: (KnowledgeResult & { kind: "answer" })[]): Reply {
    const knowledge = options.knowledge.current;
    const notes: string[] = [];
    if (entry.validUntil && entry.validUntil < today()) notes.push(turn.t("kb.expired", { date: displayDate(entry.validUntil) }));
    if (entry.status === "not-confirmed" && entry.askOffice) notes.push(turn.t("kb.notConfirmed", { office: entry.askOffice }));
    notes.push(turn.t("kb.reviewed", { date: displayDate(entry.reviewedAt) }));
    const reply: Reply = { text: `${entry.answer.trim()}\n\n${notes.join("\n")}`, sources: sourcesOf(entry) };
    if (!answeredInTurn.length) return reply;
    const shown = new Set(answeredInTurn.map((result) => result.entry.id));
    const successor = entry.supersededBy ? knowledge.entry(entry.supersededBy) : undefined;
    const more = [
      ...answeredInTurn.flatMap((result) => result.related),
      ...answeredInTurn.flatMap((result) => result.entry.followUps.map((id) => knowledge.entry(id))),
    ].filter((next): next is KnowledgeEntry => next !== undefined && next.id !== successor?.id);
    const offered: Button[] = [];
    for (const next of more) {
      if (shown.has(next.id) || offered.length >= MAX_ENTRY_BUTTONS) continue;
      shown.add(next.id);
      offered.push({ label: next.title, action: entryActions.pack({ entryId: next.id }) });
    }
    const main = answeredInTurn[0]!.entry;
    reply.buttons = [
      ...(successor ? [{ label: turn.t("kb.current"), action: entryActions.pack({ entryId: successor.id }) }] : []),
      ...offered,
      { label: turn.t("kb.helpful"), action: feedbackActions.pack("up", { entryId: main.id }) },
      { label: turn.t("kb.notHelpful"), action: feedbackActions.pack("down", { entryId: main.id }) },
      { label: turn.t("menu.back"), action: "menu" },
    ];
    return reply;
  }

  /** One reply for the entries of a question in parts: the model's text, then each numbered entry and its sources. */
  function composedReply(turn: Turn, text: string, answered: (KnowledgeResult & { kind: "answer" })[]): Reply {
    const entries = answered.map((result) => result.entry);
    const oldest = entries.map((entry) => entry.reviewedAt).sort()[0]!;
    const listed = entries.map((entry, index) => `[${index + 1}] ${entry.title}`).join("\n");
    const buttons = entryReply(turn, entries[0]!, answered).buttons;
    return { text: `${text}\n\n${listed}\n${turn.t("kb.reviewed", { date: displayDate(oldest) })}`, sources: entries.flatMap(sourcesOf), buttons };
  }

  const feature: Feature = {
    menu: [{ action: entryActions.pack({ entryId: ASK_ENTRY }), labelKey: "menu.ask" }],
    actions: {
      async [entryActions.prefix](turn, argument) {
        const entryId = entryActions.unpack(argument)?.entryId;
        if (entryId === ASK_ENTRY) return [{ text: turn.t("kb.askPrompt") }];
        const entry = entryId === undefined ? undefined : options.knowledge.current.entry(entryId);
        if (!entry) return [turn.menu()];
        turn.state.topic = {
          question: entry.title,
          entryIds: [entry.id],
          markets: options.knowledge.current.marketsIn(entry.title),
          at: new Date().toISOString(),
        };
        return [entryReply(turn, entry, [{ kind: "answer", entry, score: 0, coverage: 1, related: [] }])];
      },
      async [feedbackActions.prefix](turn, argument) {
        const feedback = feedbackActions.unpack(argument);
        // A button sent before entries were merged names a former id: count it for the entry it became.
        const entry = feedback && options.knowledge.current.entry(feedback.entryId);
        if (entry) await questionLog.feedback(entry.id, feedback.kind === "up", turn.message.channel);
        if (feedback?.kind === "up") return [{ text: turn.t("kb.thanks") }];
        // An answer that did not help: a person can still get one, from staff.
        return [
          {
            text: turn.t("kb.thanksNotHelpful"),
            buttons: [
              { label: turn.t("handoff.menu"), action: ASK_STAFF_AFTER_QUESTION },
              { label: turn.t("menu.back"), action: "menu" },
            ],
          },
        ];
      },
    },
  };
  return { feature, answerQuestion };
}

/** The entry answered with, or the one the search found closest: what curators are offered to improve. */
function bestEntryFor(knowledge: KnowledgeBase, message: MessageAnswer): string | undefined {
  const { question, result } = message.parts[0]!;
  if (result.kind === "answer") return result.entry.id;
  if (result.kind === "clarify") return result.candidates[0]?.id;
  return result.reason === "low-confidence" ? knowledge.search(question, { limit: 1 })[0]?.id : undefined;
}

function sourcesOf(entry: KnowledgeEntry): Source[] {
  return entry.sources.map((source) => ({
    document: source.document,
    title: source.title,
    article: source.article,
    issuer: source.issuer,
    date: source.date,
    ...(source.url ? { url: source.url } : {}),
  }));
}

function displayDate(iso: string): string {
  const [year, month, day] = iso.split("-");
  return day ? `${day}/${month}/${year}` : month ? `${month}/${year}` : iso;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
