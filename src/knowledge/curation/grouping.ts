import type { QuestionRecord } from "../question-log.js";

export interface LoggedQuestion {
  question: string;
  groupKey: string;
  outcome: QuestionRecord["outcome"];
  entryId: string | null;
  createdAt: Date;
}

export interface QuestionGroup {
  /** The group keys merged into this group: what "mark handled" takes back. */
  keys: string[];
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  /** Up to five different questions, most recent first. */
  examples: string[];
  outcomes: Partial<Record<QuestionRecord["outcome"], number>>;
  /** The entry most often answered with or suggested for these questions. */
  suggestedEntryId: string | null;
}

/**
 * Jaccard at least 0.6: on the dev questions (content/eval) it never joins two questions
 * about different entries, while 0.4 joins 23 pairs of which 19 are about different entries
 * (neighbouring entries share most words). Lower thresholds and an IDF-weighted Jaccard did
 * no better, so grouping stays for near-duplicates: one word more, less or changed.
 */
export const defaultSimilarity = 0.6;

const exampleCount = 5;

/**
 * Groups questions: first those with the same key, then, biggest first, each key group joins
 * the group whose first key is most similar to it (Jaccard of their syllable sets, at least
 * `similarity`). Comparing with a group's first key, not with everything merged so far,
 * stops a chain of small differences from pulling unrelated questions together.
 */
export function groupQuestions(questions: LoggedQuestion[], similarity = defaultSimilarity): QuestionGroup[] {
  const byKey = new Map<string, LoggedQuestion[]>();
  for (const question of questions) {
    const same = byKey.get(question.groupKey);
    if (same) same.push(question);
    else byKey.set(question.groupKey, [question]);
  }
  const keyGroups = [...byKey].sort(([keyA, a], [keyB, b]) => b.length - a.length || keyA.localeCompare(keyB));

  const clusters: { seed: Set<string>; keys: string[]; questions: LoggedQuestion[] }[] = [];
  // Only clusters sharing a syllable can reach the similarity: look those up, not all of them.
  const clustersWith = new Map<string, number[]>();
  for (const [key, members] of keyGroups) {
    const syllables = new Set(key.split(" ").filter(Boolean));
    const target = mostSimilarCluster(syllables);
    if (target !== undefined) {
      clusters[target]!.keys.push(key);
      clusters[target]!.questions.push(...members);
      continue;
    }
    clusters.push({ seed: syllables, keys: [key], questions: [...members] });
    for (const syllable of syllables) {
      const list = clustersWith.get(syllable);
      if (list) list.push(clusters.length - 1);
      else clustersWith.set(syllable, [clusters.length - 1]);
    }
  }

  function mostSimilarCluster(syllables: Set<string>): number | undefined {
    const shared = new Map<number, number>();
    for (const syllable of syllables) {
      for (const index of clustersWith.get(syllable) ?? []) shared.set(index, (shared.get(index) ?? 0) + 1);
    }
    let best: number | undefined;
    let bestSimilarity = similarity;
    for (const [index, common] of shared) {
      const jaccard = common / (syllables.size + clusters[index]!.seed.size - common);
      // Ties go to the earlier, bigger group.
      if (jaccard >= bestSimilarity && (best === undefined || jaccard > bestSimilarity || index < best)) {
        best = index;
        bestSimilarity = jaccard;
      }
    }
    return best;
  }

  return clusters.map((cluster) => summarise(cluster.keys, cluster.questions)).sort((a, b) => b.count - a.count || b.lastSeen.getTime() - a.lastSeen.getTime());
}

function summarise(keys: string[], questions: LoggedQuestion[]): QuestionGroup {
  const newestFirst = [...questions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const outcomes: QuestionGroup["outcomes"] = {};
  const entryCounts = new Map<string, number>();
  for (const question of newestFirst) {
    outcomes[question.outcome] = (outcomes[question.outcome] ?? 0) + 1;
    if (question.entryId) entryCounts.set(question.entryId, (entryCounts.get(question.entryId) ?? 0) + 1);
  }
  // Ties go to the entry suggested most recently: Map keeps first-insertion order, newest first.
  let suggestedEntryId: string | null = null;
  for (const [entryId, count] of entryCounts) if (suggestedEntryId === null || count > entryCounts.get(suggestedEntryId)!) suggestedEntryId = entryId;
  return {
    keys,
    count: questions.length,
    firstSeen: newestFirst.at(-1)!.createdAt,
    lastSeen: newestFirst[0]!.createdAt,
    examples: [...new Set(newestFirst.map((question) => question.question))].slice(0, exampleCount),
    outcomes,
    suggestedEntryId,
  };
}
