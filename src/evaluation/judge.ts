import type { Expectation } from "./sets.js";

/** What the person got for one message, as the evaluation sees it. */
export interface Observation {
  kind: "answer" | "clarify" | "fallback" | "smalltalk" | "company" | "offer" | "flow" | "other";
  /** Entries the reply answered with, main first (several for a multi-part question). */
  entryIds: string[];
  /** "Did you mean" choices, best first. */
  candidates: string[];
  /** The flow the message started or offered to start ("loan-check", "registration", "staff"). */
  flow?: string;
  /** The first line of the reply, to show in the failure list. */
  said: string;
}

export type Verdict =
  | "right"
  | "wrong-entry"
  | "clarify-first"
  | "clarify-among"
  | "clarify-absent"
  | "refused"
  | "flow-by-mistake"
  | "out-of-scope-answered"
  | "missed";

/** `resolve` maps an id (or a merged entry's old id) to the entry's current id. */
export function judge(expect: Expectation, observed: Observation, resolve: (id: string) => string): Verdict {
  const startedFlow = observed.kind === "flow";
  switch (expect.kind) {
    case "entries": {
      const wanted = new Set(expect.ids.map(resolve));
      if (observed.kind === "answer") return observed.entryIds.some((id) => wanted.has(resolve(id))) ? "right" : "wrong-entry";
      if (observed.kind === "clarify") {
        const choices = observed.candidates.map(resolve);
        if (wanted.has(choices[0] ?? "")) return "clarify-first";
        return choices.some((id) => wanted.has(id)) ? "clarify-among" : "clarify-absent";
      }
      if (startedFlow) return "flow-by-mistake";
      if (observed.kind === "company") return "wrong-entry";
      return "refused";
    }
    case "out-of-scope":
      if (observed.kind === "answer" || observed.kind === "company") return "out-of-scope-answered";
      return startedFlow ? "flow-by-mistake" : "right";
    case "smalltalk":
      if (observed.kind === "smalltalk") return "right";
      if (observed.kind === "answer") return "out-of-scope-answered";
      return startedFlow ? "flow-by-mistake" : "missed";
    case "flow": {
      const matches = observed.flow === expect.flow && (startedFlow || observed.kind === "offer");
      return matches ? "right" : "missed";
    }
    case "staff":
      return observed.flow === "staff" && (startedFlow || observed.kind === "offer") ? "right" : "missed";
    case "company-check":
      return observed.kind === "company" ? "right" : "missed";
  }
}
