import fs from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { jurisdictions, type Jurisdiction, type KnowledgeEntry } from "./entry-schema.js";
import { loanAmountIn } from "./question/amounts.js";
import type { EnglishReader } from "./question/english.js";
import type { MarketFinder } from "./question/markets.js";
import { withoutPersonalContext } from "./question/personal-context.js";
import type { ScopeCheck } from "./scope.js";
import { createSearchEngine, type SearchHit, type SearchSettings } from "./search-engine.js";
import type { Analyzer } from "./vietnamese.js";

/**
 * When the knowledge base answers, asks "did you mean…", or says it cannot help. Calibrated on
 * the development sets (see `npm run kb:eval`); each has a setting (KB_* in the README).
 */
export interface AnswerThresholds {
  /** Least share of the question's informative words an entry must cover to be an answer at all. */
  minCoverage: number;
  /** The same for a question that plainly names working or studying abroad (or follows one). */
  minCoverageAnchored: number;
  /** The best entry leads the next by this factor, or the question is specific enough, to be answered. */
  margin: number;
  /** A question with at most this many informative words and no clear lead gets "did you mean…". */
  shortQuestionWords: number;
}

export const defaultThresholds: AnswerThresholds = { minCoverage: 0.3, minCoverageAnchored: 0.12, margin: 1.1, shortQuestionWords: 2 };

export type KnowledgeResult =
  | { kind: "answer"; entry: KnowledgeEntry; score: number; coverage: number; related: KnowledgeEntry[] }
  | { kind: "clarify"; candidates: KnowledgeEntry[]; score: number; coverage: number }
  | { kind: "fallback"; reason: "out-of-scope" | "no-match" | "low-confidence"; topic?: string; score?: number; coverage?: number };

/** What the conversation knows when a question arrives. */
export interface AnswerContext {
  /** The person's province, when known from their profile, registration or an earlier turn. */
  province?: string | null;
  /**
   * A follow-up: entries on the same subject as these come first, their destinations hold unless
   * another is named, and the earlier question (`question`) breaks ties between what this one asks.
   */
  after?: { entryIds: string[]; markets: string[]; question?: string };
  /** The destinations the whole message names, when the question searched is only part of it ("còn Hàn thì sao" → "Hàn"). */
  markets?: string[];
}

export type RankedHit = SearchHit & { entry: KnowledgeEntry };

export interface KnowledgeBase {
  answer(question: string, context?: AnswerContext): KnowledgeResult;
  search(question: string, options?: { province?: string | null; limit?: number; after?: AnswerContext["after"]; markets?: string[] }): RankedHit[];
  /** The entry with this id, or the one a merged entry's former id (alias) now belongs to. */
  entry(id: string): KnowledgeEntry | undefined;
  /** The province a question names, if any ("ở Sóc Trăng", "nghị quyết 02/2023" → can-tho). */
  provinceIn(question: string): Jurisdiction | undefined;
  /** The question's folded words once the place names in it are taken out ("em o huong tra" → em, o). */
  wordsBesidesPlaces(question: string): string[];
  /** The destinations a question names ("đi Nhật" → japan). */
  marketsIn: MarketFinder;
  /** An English question in the words of the entries, or undefined for a Vietnamese one. */
  fromEnglish(question: string): string | undefined;
  entries: readonly KnowledgeEntry[];
}

const jurisdictionFile = z.partialRecord(z.enum(jurisdictions), z.array(z.string().min(2)));

export function loadJurisdictionNames(file: string): Map<Jurisdiction, string[]> {
  const parsed = jurisdictionFile.parse(parse(fs.readFileSync(file, "utf8")));
  return new Map(Object.entries(parsed) as [Jurisdiction, string[]][]);
}

// A question names no province: a local entry may still lead when nothing national comes close.
const LOCAL_WITHOUT_PROVINCE = 0.7;
// …but an unconfirmed local entry never leads a national question.
const UNCONFIRMED_LOCAL_WITHOUT_PROVINCE = 0.45;
const LOCAL_OTHER_PROVINCE = 0.4;
const LOCAL_SAME_PROVINCE = 1.3;
const EXPIRED = 0.85;
// The destination a question names against the one an entry is about.
const SAME_MARKET = 1.15;
const OTHER_MARKET = 0.55;
const MARKET_NOT_ASKED = 0.85;
// How much the earlier question counts in ranking a follow-up, against the follow-up's own words.
const FOLLOW_UP_CONTEXT = 1;
// A follow-up stays on the subject of the answer before it ("thế lãi suất?" after a loan answer).
const SAME_SUBJECT = 1.25;
// A question that asks about borrowing ("vay đi Nhật được bao nhiêu") against an entry about loans:
// without it an entry about Japan that shares "được bao nhiêu" outranks the national loan rules.
const LOAN_ASKED = 1.2;
const loanTopics = /^(?:loans|loans-history|eps-deposit)$/;
const isAboutLoans = (entry: KnowledgeEntry) => entry.topics.some((topic) => loanTopics.test(topic));
// A question naming a loan amount, against an entry about a range of amounts.
const AMOUNT_FITS = 1.3;
const AMOUNT_DOES_NOT_FIT = 0.6;
// Topics that say what kind of entry it is or where, not what it is about.
const generalTopics = /^(?:glossary|market-.*|conditions|rates|procedure|offices|rights|hue|can-tho|huong-tra)$/;
// Runners-up this close to the best are offered as related questions under the answer.
const RELATED_SHARE = 0.6;
const MAX_RELATED = 3;

/**
 * The knowledge base: finds the entry that answers a question and decides whether to answer
 * (with close runners-up offered as related questions), ask "did you mean…", or say honestly
 * that it cannot help.
 */
export function createKnowledgeBase(options: {
  entries: KnowledgeEntry[];
  analyze: Analyzer;
  scope: ScopeCheck;
  jurisdictionNames: Map<Jurisdiction, string[]>;
  markets: MarketFinder;
  english: EnglishReader;
  thresholds?: AnswerThresholds;
  searchSettings?: SearchSettings;
  today?: () => string;
}): KnowledgeBase {
  const { entries, analyze, scope } = options;
  const thresholds = options.thresholds ?? defaultThresholds;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  // A merged entry's former ids reach it too; an id always wins over an alias.
  const byId = new Map([
    ...entries.flatMap((entry) => entry.aliases.map((alias) => [alias, entry] as const)),
    ...entries.map((entry) => [entry.id, entry] as const),
  ]);
  const engine = createSearchEngine({
    analyze,
    settings: options.searchSettings,
    documents: entries.map((entry) => ({
      id: entry.id,
      primary: [entry.title, ...entry.questions].join("\n"),
      secondary: [entry.answer, entry.details ?? ""].join("\n"),
    })),
  });
  const places = [...options.jurisdictionNames].flatMap(([jurisdiction, names]) =>
    names.map((name) => ({ jurisdiction, text: ` ${analyze(name).folded.join(" ")} ` })),
  );
  const entryMarkets = new Map(entries.map((entry) => [entry.id, marketsOf(entry, options.markets)]));

  function provinceIn(question: string): Jurisdiction | undefined {
    const text = ` ${analyze(question).folded.join(" ")} `;
    return places.find((place) => text.includes(place.text))?.jurisdiction;
  }

  function asksAboutLoans(question: string): boolean {
    return analyze(question).folded.includes("vay");
  }

  function wordsBesidesPlaces(question: string): string[] {
    let text = ` ${analyze(question).folded.join(" ")} `;
    for (const place of places) text = text.replaceAll(place.text, " ");
    return text.split(" ").filter(Boolean);
  }

  function fromEnglish(question: string): string | undefined {
    return options.english.isEnglish(question) ? options.english.toVietnamese(question) : undefined;
  }

  /** Ranks entries for a question: words first, then where and what the question is about. */
  function rank(question: string, province: string | undefined, asked: string[], limit: number, subjects: Set<string>): RankedHit[] {
    const now = today();
    const amount = loanAmountIn(question);
    const loanAsked = asksAboutLoans(question);
    const hits = engine.search(question, {
      limit,
      boostDocument(id) {
        const entry = byId.get(id)!;
        let boost = 1;
        if (entry.jurisdiction !== "national") {
          if (entry.jurisdiction === province) boost *= LOCAL_SAME_PROVINCE;
          else if (province) boost *= LOCAL_OTHER_PROVINCE;
          else boost *= entry.status === "confirmed" ? LOCAL_WITHOUT_PROVINCE : UNCONFIRMED_LOCAL_WITHOUT_PROVINCE;
        }
        if (entry.validUntil && entry.validUntil < now) boost *= EXPIRED;
        const about = entryMarkets.get(id)!;
        if (asked.length) {
          if (about.some((market) => asked.includes(market))) boost *= SAME_MARKET;
          else if (about.length) boost *= OTHER_MARKET;
        } else if (about.length) boost *= MARKET_NOT_ASKED;
        if (entry.topics.some((topic) => subjects.has(topic))) boost *= SAME_SUBJECT;
        if (loanAsked && isAboutLoans(entry)) boost *= LOAN_ASKED;
        if (amount !== undefined && entry.loanAmount) {
          const { above, upTo } = entry.loanAmount;
          const fits = (above === undefined || amount > above) && (upTo === undefined || amount <= upTo);
          boost *= fits ? AMOUNT_FITS : AMOUNT_DOES_NOT_FIT;
        }
        return boost;
      },
    });
    return hits.map((hit) => ({ ...hit, entry: byId.get(hit.id)! }));
  }

  function search(
    question: string,
    searchOptions: { province?: string | null; limit?: number; after?: AnswerContext["after"]; markets?: string[] } = {},
  ): RankedHit[] {
    const text = fromEnglish(question) ?? withoutPersonalContext(question);
    const province = provinceIn(question) ?? searchOptions.province ?? undefined;
    const named = searchOptions.markets?.length ? searchOptions.markets : options.markets(question);
    const after = searchOptions.after;
    const subjects = new Set(after?.entryIds.flatMap((id) => byId.get(id)?.topics ?? []).filter((topic) => !generalTopics.test(topic)));
    return rank(text, province, named.length ? named : (after?.markets ?? []), searchOptions.limit ?? 5, subjects);
  }

  function answer(question: string, context: AnswerContext = {}): KnowledgeResult {
    const text = fromEnglish(question) ?? withoutPersonalContext(question);
    const check = scope(text);
    if (check.outOfScope) return { kind: "fallback", reason: "out-of-scope", topic: check.topic };
    const hits = context.after?.question
      ? followUpHits(question, context.after.question, { province: context.province, after: context.after, markets: context.markets })
      : search(question, { province: context.province, limit: 6, after: context.after, markets: context.markets });
    const [best] = hits;
    if (!best) return { kind: "fallback", reason: "no-match" };
    // The old rule that the best entry replaced does not make the question ambiguous: the person
    // asking in the present means the rule in force ("vay đi Nhật được bao nhiêu").
    const others = hits.slice(1).filter((hit) => byId.get(hit.entry.supersededBy ?? "")?.id !== best.entry.id);
    const second = others[0];
    const { score, coverage } = best;
    // Little of the question found: an answer only for a question plainly about going abroad.
    // A follow-up borrows its subject from the question before, so it is held to the lower bar too.
    const anchored = check.anchored || context.after?.question !== undefined;
    const relevant = coverage >= thresholds.minCoverage || (anchored && coverage >= thresholds.minCoverageAnchored);
    if (!relevant) return { kind: "fallback", reason: "low-confidence", score, coverage };
    const close = others.filter((hit) => hit.score >= best.score * RELATED_SHARE);
    // A loan question whose best entry is the only one about loans near the top is not ambiguous.
    const onlyLoanAnswer =
      asksAboutLoans(text) && isAboutLoans(best.entry) && !others.some((hit) => isAboutLoans(hit.entry) && hit.score >= best.score / thresholds.margin);
    const leads = !second || best.score >= thresholds.margin * second.score || onlyLoanAnswer;
    const specific = informativeTerms(text) > thresholds.shortQuestionWords;
    if (leads || specific) {
      return { kind: "answer", entry: best.entry, score, coverage, related: close.slice(0, MAX_RELATED).map((hit) => hit.entry) };
    }
    if (!close.length) return { kind: "answer", entry: best.entry, score, coverage, related: [] };
    return { kind: "clarify", candidates: [best, ...close].slice(0, 3).map((hit) => hit.entry), score, coverage };
  }

  /**
   * A follow-up ranked by its own words first and the earlier question second: "thế lãi suất?"
   * after a question on loans to Korea finds the rate of those loans, not any rate.
   */
  function followUpHits(
    question: string,
    earlier: string,
    where: { province?: string | null; after: NonNullable<AnswerContext["after"]>; markets?: string[] },
  ): RankedHit[] {
    const named = where.markets?.length ? where.markets : options.markets(question);
    const own = search(question, { ...where, limit: 20 });
    const context = search(earlier, { ...where, limit: 20, after: { ...where.after, markets: named.length ? named : where.after.markets } });
    const ownTop = own[0]?.score || 1;
    const contextTop = context[0]?.score || 1;
    const byEntry = new Map<string, RankedHit>();
    for (const hit of own) byEntry.set(hit.id, { ...hit, score: hit.score / ownTop });
    for (const hit of context) {
      const known = byEntry.get(hit.id);
      const added = (FOLLOW_UP_CONTEXT * hit.score) / contextTop;
      byEntry.set(hit.id, known ? { ...known, score: known.score + added, coverage: Math.max(known.coverage, hit.coverage) } : { ...hit, score: added });
    }
    return [...byEntry.values()].sort((a, b) => b.score - a.score).slice(0, 6);
  }

  function informativeTerms(text: string): number {
    return new Set(analyze(text).folded.filter((term) => !minorWords.has(term))).size;
  }

  return {
    entries,
    entry: (id) => byId.get(id),
    provinceIn,
    wordsBesidesPlaces,
    marketsIn: options.markets,
    fromEnglish,
    search,
    answer,
  };
}

/** The destinations an entry is about: those its title names, else those most of its questions name. */
function marketsOf(entry: KnowledgeEntry, markets: MarketFinder): string[] {
  const inTitle = markets(entry.title);
  if (inTitle.length) return inTitle;
  const counts = new Map<string, number>();
  for (const question of entry.questions) for (const market of markets(question)) counts.set(market, (counts.get(market) ?? 0) + 1);
  return [...counts].filter(([, count]) => count * 2 >= entry.questions.length).map(([market]) => market);
}

// Words that make a question longer without saying what it asks about.
const minorWords = new Set(
  (
    "a ah ak oi nhe nha nhi ha hen day do thi la ma cho hoi xin chao ad admin minh toi em anh chi ban moi nguoi voi cua va hay " +
    "hoac nhung cac duoc khong co gi sao nao the nhu roi chua muon can biet giup vui long lam on bac chu di ko nay kia ay o tai " +
    "trong ra vao len xuong bao nhieu tien phai lam sao the nao"
  ).split(" "),
);
