import type { KnowledgeBase, KnowledgeEntry, KnowledgeResult } from "../../knowledge/index.js";
import type { KnowledgeHolder } from "../../knowledge/curation/index.js";
import type { QuestionLog } from "../../knowledge/question-log.js";
import type { Feature, QuestionAnswerer, Turn, TurnResult } from "../core.js";
import type { Reply, Source } from "../types.js";
import { ASK_STAFF_AFTER_QUESTION } from "./handoff/handoff-feature.js";

/**
 * The knowledge base in the conversation: free-text questions, "did you mean…" choices,
 * follow-up buttons and 👍/👎 feedback. Answers quote curated entries only.
 */
export function createKnowledgeFeature(options: { knowledge: Pick<KnowledgeHolder, "current">; questionLog: QuestionLog; today?: () => string }) {
  const { questionLog } = options;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));

  const answerQuestion: QuestionAnswerer = async (turn, question) => {
    const knowledge = options.knowledge.current;
    const mentioned = knowledge.provinceIn(question);
    if (mentioned) turn.state.province = mentioned;
    const result = knowledge.answer(question, { province: turn.state.province });
    // Awaited: a question curators never see is a question nobody improves the content for.
    await questionLog.record({
      question,
      outcome: result.kind,
      entryId: bestEntryFor(knowledge, question, result, turn.state.province),
      score: result.score,
      coverage: result.coverage,
      channel: turn.message.channel,
      province: turn.state.province,
    });
    return render(turn, result);
  };

  function render(turn: Turn, result: KnowledgeResult): TurnResult {
    if (result.kind === "answer") {
      return {
        replies: [entryReply(turn, result.entry)],
        outcome: { kind: "answer", entryId: result.entry.id, score: round(result.score), sources: sourcesOf(result.entry) },
      };
    }
    if (result.kind === "clarify") {
      return {
        replies: [
          {
            text: turn.t("kb.clarify"),
            buttons: [
              ...result.candidates.map((entry) => ({ label: entry.title, action: `kb:${entry.id}` })),
              { label: turn.t("kb.noneOfThese"), action: ASK_STAFF_AFTER_QUESTION },
            ],
          },
        ],
        outcome: { kind: "clarify", score: round(result.score), sources: [] },
      };
    }
    return {
      replies: [
        {
          text: turn.t("kb.fallback"),
          buttons: [
            { label: turn.t("handoff.menu"), action: ASK_STAFF_AFTER_QUESTION },
            { label: turn.t("menu.back"), action: "menu" },
          ],
        },
      ],
      outcome: { kind: "fallback", sources: [] },
    };
  }

  function entryReply(turn: Turn, entry: KnowledgeEntry): Reply {
    const knowledge = options.knowledge.current;
    const notes: string[] = [];
    if (entry.validUntil && entry.validUntil < today()) notes.push(turn.t("kb.expired", { date: displayDate(entry.validUntil) }));
    if (entry.status === "not-confirmed" && entry.askOffice) notes.push(turn.t("kb.notConfirmed", { office: entry.askOffice }));
    notes.push(turn.t("kb.reviewed", { date: displayDate(entry.reviewedAt) }));
    const successor = entry.supersededBy ? knowledge.entry(entry.supersededBy) : undefined;
    const followUps = entry.followUps.map((id) => knowledge.entry(id)).filter((next) => next !== undefined);
    return {
      text: `${entry.answer.trim()}\n\n${notes.join("\n")}`,
      sources: sourcesOf(entry),
      buttons: [
        ...(successor ? [{ label: turn.t("kb.current"), action: `kb:${successor.id}` }] : []),
        ...followUps.map((next) => ({ label: next.title, action: `kb:${next.id}` })),
        { label: turn.t("kb.helpful"), action: `fb:up:${entry.id}` },
        { label: turn.t("kb.notHelpful"), action: `fb:down:${entry.id}` },
        { label: turn.t("menu.back"), action: "menu" },
      ],
    };
  }

  const feature: Feature = {
    menu: [{ action: "kb:ask", labelKey: "menu.ask" }],
    actions: {
      async kb(turn, argument) {
        if (argument === "ask") return [{ text: turn.t("kb.askPrompt") }];
        const entry = options.knowledge.current.entry(argument);
        return entry ? [entryReply(turn, entry)] : [turn.menu()];
      },
      async fb(turn, argument) {
        const [verdict, entryId = ""] = argument.split(":");
        // A button sent before entries were merged names a former id: count it for the entry it became.
        const entry = options.knowledge.current.entry(entryId);
        if (entry) await questionLog.feedback(entry.id, verdict === "up", turn.message.channel);
        return [{ text: turn.t("kb.thanks") }];
      },
    },
  };
  return { feature, answerQuestion };
}

/** The entry answered with, or the one the search found closest: what curators are offered to improve. */
function bestEntryFor(knowledge: KnowledgeBase, question: string, result: KnowledgeResult, province: string | null): string | undefined {
  if (result.kind === "answer") return result.entry.id;
  if (result.kind === "clarify") return result.candidates[0]?.id;
  return result.reason === "low-confidence" ? knowledge.search(question, { province, limit: 1 })[0]?.id : undefined;
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
