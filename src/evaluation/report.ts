import type { CaseResult } from "./run.js";

export interface Summary {
  inScope: number;
  /** Shares of the in-scope questions (expecting an entry). */
  answeredRight: number;
  answeredWrong: number;
  didYouMean: number;
  didYouMeanRightFirst: number;
  didYouMeanRightAmong: number;
  didYouMeanRightAbsent: number;
  refused: number;
  flowByMistake: number;
  outOfScope: number;
  /** Share of out-of-scope questions answered with an entry. */
  outOfScopeAnswered: number;
  /** Small talk, flow requests, company checks, requests for staff: share handled as meant. */
  other: number;
  otherRight: number;
  multiPartParts: number;
  multiPartPartsCovered: number;
  p50Ms: number;
  p99Ms: number;
}

const share = (part: number, whole: number) => (whole ? part / whole : 0);

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarise(results: CaseResult[]): Summary {
  const inScope = results.filter((result) => result.item.expect.kind === "entries");
  const outOfScope = results.filter((result) => result.item.expect.kind === "out-of-scope");
  const other = results.filter((result) => !["entries", "out-of-scope"].includes(result.item.expect.kind));
  const count = (list: CaseResult[], ...verdicts: string[]) => list.filter((result) => verdicts.includes(result.verdict)).length;
  const multiPart = results.filter((result) => result.item.also.length);
  return {
    inScope: inScope.length,
    answeredRight: share(count(inScope, "right"), inScope.length),
    answeredWrong: share(count(inScope, "wrong-entry"), inScope.length),
    didYouMean: share(count(inScope, "clarify-first", "clarify-among", "clarify-absent"), inScope.length),
    didYouMeanRightFirst: share(count(inScope, "clarify-first"), inScope.length),
    didYouMeanRightAmong: share(count(inScope, "clarify-among"), inScope.length),
    didYouMeanRightAbsent: share(count(inScope, "clarify-absent"), inScope.length),
    refused: share(count(inScope, "refused"), inScope.length),
    flowByMistake: share(count(results, "flow-by-mistake"), results.length),
    outOfScope: outOfScope.length,
    outOfScopeAnswered: share(count(outOfScope, "out-of-scope-answered"), outOfScope.length),
    other: other.length,
    otherRight: share(count(other, "right"), other.length),
    multiPartParts: multiPart.reduce((sum, result) => sum + result.item.also.length, 0),
    multiPartPartsCovered: share(
      multiPart.reduce((sum, result) => sum + result.partsCovered, 0),
      multiPart.reduce((sum, result) => sum + result.item.also.length, 0),
    ),
    p50Ms: percentile(
      results.map((result) => result.ms),
      50,
    ),
    p99Ms: percentile(
      results.map((result) => result.ms),
      99,
    ),
  };
}

/** In-scope share answered right, by a key (the set a question comes from, or each of its tags). */
export function rightBy(results: CaseResult[], keysOf: (result: CaseResult) => string[]): Map<string, { total: number; right: number }> {
  const table = new Map<string, { total: number; right: number }>();
  for (const result of results) {
    for (const key of keysOf(result)) {
      const row = table.get(key) ?? { total: 0, right: 0 };
      row.total++;
      if (result.verdict === "right") row.right++;
      table.set(key, row);
    }
  }
  return new Map([...table].sort(([a], [b]) => a.localeCompare(b)));
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** The figures a curator reads, in the order the targets are written. */
export function describe(name: string, summary: Summary): string[] {
  return [
    `${name}: ${summary.inScope} in-scope, ${summary.outOfScope} out-of-scope, ${summary.other} other (small talk, flows, companies, staff)`,
    `  answered right ................ ${percent(summary.answeredRight)}   (an acceptable entry, directly)`,
    `  answered with a wrong entry ... ${percent(summary.answeredWrong)}`,
    `  "did you mean" ................ ${percent(summary.didYouMean)}   (right first ${percent(summary.didYouMeanRightFirst)}, among ${percent(summary.didYouMeanRightAmong)}, absent ${percent(summary.didYouMeanRightAbsent)})`,
    `  refused although in scope ..... ${percent(summary.refused)}`,
    `  sent into a flow by mistake ... ${percent(summary.flowByMistake)}   (of all messages)`,
    `  out-of-scope answered ......... ${percent(summary.outOfScopeAnswered)}`,
    `  small talk/flows/company/staff  ${percent(summary.otherRight)} handled as meant`,
    ...(summary.multiPartParts ? [`  other parts of multi-part ..... ${percent(summary.multiPartPartsCovered)} answered or offered`] : []),
    `  time per message .............. p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms`,
  ];
}
