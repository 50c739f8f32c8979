import { z } from "zod";
import { simplify as fold } from "../../../shared/index.js";
import {
  actionCodec,
  answer,
  defineFlow,
  done,
  invalid,
  LOAN_FLOW_ID,
  next,
  questionList,
  stay,
  type Button,
  type FlowTurn,
  type Question,
  type Reply,
  type StepAnswer,
  type Turn,
} from "../../core/index.js";
import { parseAmount, parseDuration, MAX_DURATION_MONTHS, MAX_AMOUNT_VND } from "../../../loans/index.js";
import { applicantKinds, provinces, type LoanRules } from "../../../loans/index.js";
import { applicantWords, destinations, destinationWords, groupWords, matchChoice, noneWords, provinceWords } from "./choices.js";
import { duration, money } from "./format.js";

/** What the flow keeps between turns (JSON), parsed when a turn loads it. */
const loanAnswers = z.object({
  applicant: z.enum(applicantKinds).optional(),
  destination: z.enum(destinations).optional(),
  /** What was typed when it was none of the listed countries. */
  destinationName: z.string().optional(),
  costVnd: z.number().optional(),
  supportVnd: z.number().optional(),
  months: z.number().optional(),
  group: z.string().optional(),
  province: z.enum(provinces).optional(),
});
export type LoanAnswers = z.infer<typeof loanAnswers>;
type StepId = Exclude<keyof LoanAnswers, "destinationName">;
const STEP_IDS = ["applicant", "destination", "costVnd", "supportVnd", "months", "group", "province"] as const satisfies readonly StepId[];

/** All answers given; only the destination is skipped (for EPS, which is always Korea). */
export type CompleteAnswers = Required<Omit<LoanAnswers, "destination" | "destinationName">> & Pick<LoanAnswers, "destination" | "destinationName">;

interface LoanStep<K extends StepId> extends Question<LoanAnswers, StepId> {
  id: K;
  question(turn: Turn, answers: LoanAnswers): { text: string; buttons: Button[] };
  /** A typed answer. */
  read(turn: Turn, text: string, answers: LoanAnswers): StepAnswer<NonNullable<LoanAnswers[K]>>;
  /** A pressed button's value, already known to belong to this step. */
  pressed(value: string, answers: LoanAnswers): StepAnswer<NonNullable<LoanAnswers[K]>>;
}
type AnyLoanStep = { [K in StepId]: LoanStep<K> }[StepId];

/** The flow's buttons: `loan:<step>.<value>`, the wire format of the buttons already sent. */
const stepButton = { value: z.string() };
const loanActions = actionCodec(
  LOAN_FLOW_ID,
  {
    applicant: stepButton,
    destination: stepButton,
    costVnd: stepButton,
    supportVnd: stepButton,
    months: stepButton,
    group: stepButton,
    province: stepButton,
  },
  { separator: "." },
);
const button = (label: string, step: StepId, value: string | number): Button => ({ label, action: loanActions.pack(step, { value: String(value) }) });

/** The guided loan check, one question a turn; `finish` answers once every question is answered. */
export function loanCheckFlow(rules: LoanRules, finish: (turn: Turn, answers: CompleteAnswers) => Reply[]) {
  const steps = loanSteps(rules);
  const list = questionList<LoanAnswers, StepId>(steps);
  const stepOf = (id: StepId) => steps.find((step) => step.id === id);

  function ask(turn: FlowTurn<LoanAnswers, StepId>, step: StepId, prefix?: string): Reply {
    const answers = turn.flow.data;
    const { text, buttons } = stepOf(step)!.question(turn, answers);
    const { number, total } = list.numberOf(step, answers);
    const numbered = turn.t("loan.ask.numbered", { n: number, total, question: text });
    return { text: prefix ? `${prefix}\n\n${numbered}` : numbered, buttons: [...buttons, { label: turn.t("loan.button.cancel"), action: "cancel" }] };
  }

  return defineFlow<LoanAnswers, StepId>({
    id: LOAN_FLOW_ID,
    data: loanAnswers,
    steps: STEP_IDS,
    async start(turn) {
      return next(STEP_IDS[0], [{ text: turn.t("loan.intro") }]);
    },
    async ask(turn, step) {
      return [ask(turn, step)];
    },
    async handle(turn, input) {
      const answers = turn.flow.data;
      const step = stepOf(turn.flow.step)!;
      let outcome: StepAnswer<unknown>;
      if (input.action !== undefined) {
        const pressed = loanActions.unpack(input.action);
        // A button from an earlier question: show the current one again rather than guess.
        if (pressed?.kind !== step.id) return stay([ask(turn, step.id)]);
        outcome = record(step, answers, step.pressed(pressed.value, answers));
      } else {
        outcome = record(step, answers, step.read(turn, input.text ?? "", answers));
      }
      if (outcome.kind === "invalid") {
        const hint = turn.flow.countRetry() >= 3 ? `\n${turn.t("loan.retry.hint")}` : "";
        const again = ask(turn, step.id, (outcome.reason ? turn.t(outcome.reason, outcome.params) : "") + hint);
        const buttons = [...(outcome.buttons ?? []), ...(again.buttons ?? [])];
        return stay([{ ...again, buttons: buttons.filter((candidate, index) => buttons.findIndex((other) => other.action === candidate.action) === index) }]);
      }
      const following = list.after(step.id, answers);
      if (following) return next(following);
      const complete = completeAnswers(answers);
      return complete ? done(finish(turn, complete)) : next(list.firstUnanswered(answers, (id) => answers[id] !== undefined) ?? STEP_IDS[0]);
    },
  });
}

/** Keeps a valid answer in its own field: the step's id says which. */
function record<K extends StepId>(step: LoanStep<K>, answers: LoanAnswers, outcome: StepAnswer<NonNullable<LoanAnswers[K]>>) {
  if (outcome.kind === "value") answers[step.id] = outcome.value;
  return outcome;
}

function completeAnswers(answers: LoanAnswers): CompleteAnswers | undefined {
  const { applicant, costVnd, supportVnd, months, group, province, destination, destinationName } = answers;
  if (!applicant || costVnd === undefined || supportVnd === undefined || months === undefined || !group || !province) return undefined;
  return { applicant, costVnd, supportVnd, months, group, province, destination, destinationName };
}

function loanSteps(rules: LoanRules): AnyLoanStep[] {
  const choiceStep = <K extends StepId, T extends NonNullable<LoanAnswers[K]> & string>(
    id: K,
    values: readonly T[],
    labelKey: (value: T) => string,
    words: Record<T, string[]>,
    questionKey: string,
  ): LoanStep<K> => ({
    id,
    question: (turn) => ({ text: turn.t(questionKey), buttons: values.map((value) => button(turn.t(labelKey(value)), id, value)) }),
    read(turn, text) {
      const value = matchChoice(
        text,
        values.map((v) => ({ value: v, label: turn.t(labelKey(v)), words: words[v] ?? [] })),
      );
      return value ? answer(value) : invalid("loan.retry.choice");
    },
    pressed: (value) => {
      const chosen = values.find((candidate) => candidate === value);
      return chosen ? answer(chosen) : invalid("");
    },
  });

  const applicant = choiceStep("applicant", applicantKinds, (v) => `loan.applicant.${v}`, applicantWords, "loan.ask.applicant");
  const group = choiceStep("group", rules.groups, (v) => `loan.group.${v}`, groupWords, "loan.ask.group");
  const province: LoanStep<"province"> = {
    ...choiceStep("province", provinces, (v) => `loan.province.${v}`, provinceWords, "loan.ask.province"),
    // Any other place typed by name is simply "another province".
    read: (turn, text) =>
      answer(
        matchChoice(
          text,
          provinces.map((v) => ({ value: v, label: turn.t(`loan.province.${v}`), words: provinceWords[v] })),
        ) ?? "other",
      ),
  };
  const destination: LoanStep<"destination"> = {
    ...choiceStep("destination", destinations, (v) => `loan.destination.${v}`, destinationWords, "loan.ask.destination"),
    applies: (answers) => answers.applicant !== "eps",
    read(turn, text, answers) {
      const value = matchChoice(
        text,
        destinations.map((v) => ({ value: v, label: turn.t(`loan.destination.${v}`), words: destinationWords[v] })),
      );
      if (value) return answer(value);
      const name = text
        .replace(/[^\p{L}\p{N} .'-]/gu, "")
        .trim()
        .slice(0, 40);
      if (!name) return invalid("loan.retry.choice");
      answers.destinationName = name;
      return answer("other");
    },
  };

  const cost: LoanStep<"costVnd"> = {
    id: "costVnd",
    question: (turn) => ({
      text: turn.t("loan.ask.cost"),
      buttons: [100_000_000, 150_000_000, 200_000_000, 300_000_000].map((vnd) => button(money(turn, vnd), "costVnd", vnd)),
    }),
    read: (turn, text) => amountOutcome(turn, text, "costVnd"),
    pressed: (value) => wholeNumberIn(value, 1, MAX_AMOUNT_VND),
  };
  const support: LoanStep<"supportVnd"> = {
    id: "supportVnd",
    question: (turn) => ({
      text: turn.t("loan.ask.support"),
      buttons: [button(turn.t("loan.support.none"), "supportVnd", 0)],
    }),
    read(turn, text, answers) {
      if (noneWords.includes(fold(text))) return answer(0);
      const outcome = amountOutcome(turn, text, "supportVnd");
      const cost = answers.costVnd ?? 0;
      if (outcome.kind === "value" && outcome.value > cost) return invalid("loan.retry.support.aboveCost", { cost: money(turn, cost) });
      return outcome;
    },
    pressed: (value, answers) => wholeNumberIn(value, 0, answers.costVnd ?? 0),
  };
  const months: LoanStep<"months"> = {
    id: "months",
    question: (turn, answers) => ({
      text: turn.t(answers.applicant === "work-study" ? "loan.ask.months.study" : "loan.ask.months"),
      buttons: (answers.applicant === "eps" ? [36, 58] : [12, 24, 36, 60]).map((m) => button(duration(turn, m), "months", m)),
    }),
    read(turn, text) {
      const parsed = parseDuration(text);
      return parsed.ok
        ? answer(parsed.months)
        : invalid(`loan.retry.months.${parsed.problem}`, { input: quoted(text), max: duration(turn, MAX_DURATION_MONTHS) });
    },
    pressed: (value) => wholeNumberIn(value, 1, MAX_DURATION_MONTHS),
  };
  return [applicant, destination, cost, support, months, group, province];
}

function amountOutcome(turn: Turn, text: string, step: "costVnd" | "supportVnd"): StepAnswer<number> {
  const parsed = parseAmount(text);
  if (parsed.ok) return answer(parsed.vnd);
  const buttons = parsed.suggestionVnd
    ? [button(turn.t("loan.retry.amount.suggestion", { amount: money(turn, parsed.suggestionVnd) }), step, parsed.suggestionVnd)]
    : [];
  return invalid(`loan.retry.amount.${parsed.problem}`, { input: quoted(text), max: money(turn, MAX_AMOUNT_VND) }, buttons);
}

/** A pressed amount outside what the question allows: asked again without a word (`invalid("")`). */
function wholeNumberIn(value: string, min: number, max: number): StepAnswer<number> {
  const number = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  return number >= min && number <= max ? answer(number) : invalid("");
}

/** Typed input echoed back, kept short so a pasted essay does not come back at the person. */
function quoted(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
