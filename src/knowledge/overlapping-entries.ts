import type { KnowledgeBase } from "./knowledge-base.js";

/**
 * Two entries that answer the same question split the search score between them: the bot
 * then asks "did you mean…" where it should answer, or answers with the other one. This finds
 * such pairs by asking the real search engine each entry's own questions, leaving nothing out.
 *
 * An entry's own phrasings always find the entry itself first, so "B ranks first" almost
 * never happens even for true duplicates. What does tell them apart is how close B comes:
 * the share of an entry A's questions' top score that B gets, averaged over A's questions
 * (0 when B is not among the first `depth` hits). A pair is flagged when each gets at least
 * `share` of the other's: they retrieve each other. One-way closeness is left alone — a
 * general entry ("tiền môi giới là gì") may sit next to every specific one.
 *
 * Why 0.4: on the legacy development questions (content/eval/legacy), the questions of pairs
 * whose mutual share was below 0.3 were confused with the other entry (the other ranked first,
 * or second within the answer margin) 4 % of the time, 0.3–0.4: 8 %, and from 0.4 up: 20–27 %.
 */
export interface OverlapRule {
  /** Least mutual share of the top score for two entries to count as overlapping (0–1). */
  share: number;
  /** How many hits of each question are looked at. */
  depth: number;
}

export const defaultOverlapRule: OverlapRule = { share: 0.4, depth: 5 };

export interface OverlappingPair {
  /** The two entry ids, in alphabetical order. */
  ids: [string, string];
  /** Share of the top score the second entry gets on the first entry's questions, and the other way round. */
  shares: [number, number];
}

export function findOverlappingEntries(knowledge: Pick<KnowledgeBase, "entries" | "search">, rule: OverlapRule = defaultOverlapRule): OverlappingPair[] {
  const shareOf = new Map<string, Map<string, number>>();
  for (const entry of knowledge.entries) {
    const shares = new Map<string, number>();
    for (const question of entry.questions) {
      const hits = knowledge.search(question, { limit: rule.depth });
      const top = hits[0]?.score;
      if (!top) continue;
      for (const hit of hits) if (hit.id !== entry.id) shares.set(hit.id, (shares.get(hit.id) ?? 0) + hit.score / top / entry.questions.length);
    }
    shareOf.set(entry.id, shares);
  }
  const pairs: OverlappingPair[] = [];
  for (const [first, shares] of shareOf) {
    for (const [second, forward] of shares) {
      if (second <= first) continue;
      const backward = shareOf.get(second)?.get(first) ?? 0;
      if (forward >= rule.share && backward >= rule.share) pairs.push({ ids: [first, second], shares: [forward, backward] });
    }
  }
  return pairs.sort((a, b) => Math.min(...b.shares) - Math.min(...a.shares));
}

/** How kb:check words a pair. */
export function describeOverlap(pair: OverlappingPair, rule: OverlapRule = defaultOverlapRule): string {
  const [first, second] = pair.ids;
  const [forward, backward] = pair.shares.map((share) => share.toFixed(2));
  return (
    `"${first}" and "${second}" retrieve each other (each gets ${forward} / ${backward} of the other's top score, limit ${rule.share}): ` +
    "merge them (the other id becomes an alias) or make their questions say what differs"
  );
}
