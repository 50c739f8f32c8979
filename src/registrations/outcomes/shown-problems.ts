import type { Texts } from "../../shared/index.js";
import type { ImportProblem } from "./import-rows.js";
import { outcomeLabels, type OutcomeLabels } from "./labels.js";
import type { OutcomeProblem } from "./rules.js";

/** A problem as staff read it: the code for programs, the sentence for people. */
export interface ShownProblem {
  code: string;
  message: string;
}

/** A rule an outcome breaks, in the labels' words. */
export function showProblem(labels: OutcomeLabels, problem: OutcomeProblem): ShownProblem {
  return { code: problem.code, message: labels.problem(problem) };
}

/** A line of a file that cannot be read, in the labels' words (its column named as staff know it). */
export function showImportProblem(labels: OutcomeLabels, problem: ImportProblem): ShownProblem {
  return { code: problem.key.replace(/^outcome\./, ""), message: importMessage(labels, problem) };
}

/** The Vietnamese sentence for a file that cannot be read at all. */
export function fileProblemMessage(texts: Texts, problem: ImportProblem): string {
  return importMessage(outcomeLabels(texts, "vi"), problem);
}

function importMessage(labels: OutcomeLabels, problem: ImportProblem): string {
  const params = { ...problem.params };
  if (typeof params.column === "string") params.column = labels.text(`outcome.column.${params.column}`);
  return labels.text(problem.key, params);
}
