import type { KnowledgeBase, KnowledgeResult } from "./knowledge-base.js";
import { withoutPersonalContext } from "./question/personal-context.js";
import { questionParts } from "./question/parts.js";
import { removeDiacritics } from "../shared/index.js";

/** What a conversation remembers of the last question answered, so that a follow-up can lean on it. */
export interface PreviousTopic {
  /** The question as the search read it (without personal context). */
  question: string;
  entryIds: string[];
  markets: string[];
  /** ISO time of the answer: a follow-up leans only on a recent one. */
  at: string;
}

export interface MessageAnswer {
  /** One result per question the message asks (one, or up to three for a message in parts). */
  parts: { question: string; result: KnowledgeResult }[];
  /** The message was written in English: the Vietnamese entries are introduced in English. */
  english: boolean;
  /** What to remember for the next message, when something was answered. */
  topic?: PreviousTopic;
  /** The message only said where the person lives (and there was nothing to answer again). */
  placeNoted?: string;
}

// A follow-up leans on a previous answer only if it came this recently.
const FOLLOW_UP_WINDOW_MS = 30 * 60_000;
// "còn đi Hàn thì sao?", "thế lãi suất?", "vậy nộp ở đâu", "what about Korea?"
// A bare "vay" is the loan ("vay đi Nhật được bao nhiêu"); "vậy" typed with its accent is read as "thế".
const followUpOpening = /^(?:con|the con|vay con|the|the thi|vay thi|neu vay|neu the|con neu|roi|con ve|what about|how about|and|also)\b/;
// A follow-up is short: past this many words it is a new question in its own right.
const MAX_FOLLOW_UP_WORDS = 9;

/**
 * Answers a message as a person means it: each of its questions, an English question in the
 * entries' words, and a short follow-up ("thế lãi suất?") in the light of the question before.
 */
export function answerMessage(
  knowledge: KnowledgeBase,
  message: string,
  context: { province?: string | null; previous?: PreviousTopic; now?: Date },
): MessageAnswer {
  knowledge = answeringEachQuestionOnce(knowledge);
  const english = knowledge.fromEnglish(message) !== undefined;
  const now = context.now ?? new Date();
  const recent = context.previous && now.getTime() - Date.parse(context.previous.at) < FOLLOW_UP_WINDOW_MS ? context.previous : undefined;
  // "em ở xã Bình Điền, Huế nha" with nothing asked before: noted for the answers to come.
  if (!recent && namesOnlyAPlace(knowledge, message)) return { parts: [], english, placeNoted: knowledge.provinceIn(message) };
  // A message outside the field is refused whole, not answered in pieces.
  const whole = knowledge.answer(message, { province: context.province });
  if (whole.kind === "fallback" && whole.reason === "out-of-scope") return { parts: [{ question: message, result: whole }], english };
  const parts: MessageAnswer["parts"] = [];
  let previous = recent;
  for (const part of questionParts(message)) {
    const { result, asked } = answerInContext(knowledge, part, context.province ?? null, previous);
    parts.push({ question: asked, result });
    if (result.kind === "answer") previous = topicOf(knowledge, asked, result, now);
  }
  // The same entry twice (two wordings of one question) is one answer.
  const seen = new Set<string>();
  const distinct = parts.filter(({ result }) => {
    if (result.kind !== "answer") return true;
    if (seen.has(result.entry.id)) return false;
    seen.add(result.entry.id);
    return true;
  });
  const answered = distinct.filter(({ result }) => result.kind === "answer");
  const kept = answered.length && distinct.length > 1 ? answered : distinct.slice(0, 1);
  const last = [...kept].reverse().find(({ result }) => result.kind === "answer");
  return { parts: kept, english, topic: last && last.result.kind === "answer" ? topicOf(knowledge, last.question, last.result, now) : undefined };
}

/**
 * The knowledge base answering each question only once within one message: a message of one
 * question is first checked whole (is it in the field at all?) and then answered as its one
 * part, the same question with the same context.
 */
function answeringEachQuestionOnce(knowledge: KnowledgeBase): KnowledgeBase {
  const answers = new Map<string, KnowledgeResult>();
  return {
    ...knowledge,
    answer(question, context = {}) {
      if (context.after || context.markets) return knowledge.answer(question, context);
      const key = `${context.province ?? ""}\n${question}`;
      let result = answers.get(key);
      if (!result) answers.set(key, (result = knowledge.answer(question, context)));
      return result;
    },
  };
}

/** The result for one question, and the question as it was understood (with the earlier one, for a follow-up). */
function answerInContext(
  knowledge: KnowledgeBase,
  question: string,
  province: string | null,
  previous: PreviousTopic | undefined,
): { result: KnowledgeResult; asked: string } {
  const followUp = isFollowUp(question);
  // "còn đi Đài thì sao" with nothing before it: only "đi Đài" says anything.
  const own = followUp ? withoutFollowUpWords(question) || question : question;
  const markets = knowledge.marketsIn(question);
  // Without follow-up words the question is searched as it is, with the destinations it names.
  const alone = { result: knowledge.answer(own, own === question ? { province } : { province, markets }), asked: own };
  if (!previous) return alone;
  const after = { entryIds: previous.entryIds, markets: previous.markets };
  // "lộn, ý em là đi Nhật": the same question again, for the destination now named.
  if (isCorrection(question) && knowledge.marketsIn(question).length) {
    const earlier = knowledge.marketsIn.without(previous.question);
    return { result: knowledge.answer(earlier, { province, after: { ...after, markets: knowledge.marketsIn(question) } }), asked: `${own} ${earlier}` };
  }
  // "em ở Hương Trà" after a question: the same question, now for that place.
  if (namesOnlyAPlace(knowledge, question)) {
    const place = knowledge.provinceIn(question) ?? province;
    return { result: knowledge.answer(previous.question, { province: place, after }), asked: previous.question };
  }
  if (!followUp || (alone.result.kind === "fallback" && alone.result.reason === "out-of-scope")) return alone;
  // The earlier question without its destination when this one names another: "còn đi Hàn thì sao?"
  const earlier = knowledge.marketsIn(question).length ? knowledge.marketsIn.without(previous.question) : previous.question;
  const inContext = { result: knowledge.answer(own, { province, markets, after: { ...after, question: earlier } }), asked: `${own} ${earlier}` };
  if (inContext.result.kind !== "answer") return alone.result.kind === "answer" ? alone : inContext;
  // A follow-up clear enough on its own keeps its own answer.
  if (alone.result.kind === "answer" && alone.result.coverage >= 0.75) return alone;
  return inContext;
}

// "lộn", "à không, ý em là…", "nhầm, …": the person corrects what they asked.
const correction = /^(?:a khong|lon|nham|khong phai|y (?:em|toi|tui|minh|con|chau) la|i mean)\b/;

function isCorrection(question: string): boolean {
  return correction.test(words(question).join(" "));
}

function words(text: string): string[] {
  return removeDiacritics(text.replace(/(^|[^\p{L}])vậy(?![\p{L}])/giu, "$1thế"))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function isFollowUp(question: string): boolean {
  const all = words(withoutPersonalContext(question));
  return all.length <= MAX_FOLLOW_UP_WORDS && (followUpOpening.test(all.join(" ")) || all.length <= 4);
}

// Words of a follow-up that only point back: "còn … thì sao?", "thế …?", "ý em là …".
const pointingBack =
  /^(?:a khong |lon |khong )?(?:y (?:em|toi|tui|minh|con|chau) la |the con |vay con |con |the |roi |what about |how about |and )|(?: thi sao| the nao| thi the nao| ra sao| thi| nua)$/g;

function withoutFollowUpWords(question: string): string {
  return words(question).join(" ").replace(pointingBack, " ").trim();
}

const asksSomething = /\b(?:bao nhieu|bn|bao lau|khi nao|the nao|ntn|sao|gi|j|o dau|dau|nao|may|khong|ko|k|hok|hong|chua|duoc|dc|co|what|how|where|can|is)\b/;

/** Words that say where someone lives without asking anything ("em ở xã Bình Điền", "nhà con ở Sóc Trăng ạ"). */
const residenceWords = new Set(
  "em e toi tui minh con chau anh chi ban nha que o song tai thuoc dang hien gio bay la nguoi dan xa phuong tinh thanh pho tp huyen thi tran cu tru thuong tam ho khau gia dinh vung a ah nhe nha ha oi ad nghen nhen ne hen chao xin hello hi va cu i live in from my family is".split(
    " ",
  ),
);

/**
 * "em ở Hương Trà", "tui ở Mỹ Xuyên": where the person lives, and nothing asked. Only words of
 * residence may stand beside the place — "mức vay tối đa theo nq 02 sóc trăng" asks something —
 * and a number means a document ("kế hoạch 2740", "nq 02"), not a home.
 */
function namesOnlyAPlace(knowledge: KnowledgeBase, question: string): boolean {
  const all = words(question);
  if (all.length > 10 || /\d/.test(question) || knowledge.provinceIn(question) === undefined || asksSomething.test(all.join(" "))) return false;
  return knowledge.wordsBesidesPlaces(question).every((word) => residenceWords.has(word));
}

function topicOf(knowledge: KnowledgeBase, question: string, result: KnowledgeResult & { kind: "answer" }, now: Date): PreviousTopic {
  return {
    question: withoutPersonalContext(knowledge.fromEnglish(question) ?? question),
    entryIds: [result.entry.id],
    markets: knowledge.marketsIn(question),
    at: now.toISOString(),
  };
}
