import { simplify as fold } from "../../../shared/index.js";
import { LOAN_FLOW_ID, type Button, type Feature, type Flow, type Reply, type Texts, type Turn } from "../../core/index.js";
import { assessLoan, rateFor, sourcesOf, type LoanCase, type ProgrammeAssessment } from "../../../loans/index.js";
import { parseAmount, parseDuration, MAX_DURATION_MONTHS, MAX_AMOUNT_VND } from "../../../loans/index.js";
import { repaymentPlan, type RepaymentMethod } from "../../../loans/index.js";
import { applicantKinds, LoanRulesInvalid, provinces, textKeysOfRules, type ApplicantKind, type LoanRules, type Province } from "../../../loans/index.js";
import { applicantWords, destinations, destinationWords, groupWords, matchChoice, noneWords, provinceWords, type Destination } from "./choices.js";
import { duration, money, toReplySources } from "./format.js";
import { PLAN_ACTION, parsePlanAction, planReply, resultReplies } from "./result.js";

export { LOAN_FLOW_ID } from "../../core/index.js";

/**
 * The guided loan check: menu entry, `/vay`, and the `loanplan:` buttons of its result.
 * Free text such as "tính thử khoản vay" reaches it through `isLoanCheckRequest`, which the
 * knowledge answerer calls before searching.
 */
export function createLoanCheckFeature(options: { rules: LoanRules; texts: Pick<Texts, "has">; now?: () => Date }): Feature {
  const { rules } = options;
  // A missing sentence is found at start-up, not by a family halfway through their check.
  const missing = textKeysOfRules(rules).filter((key) => !options.texts.has(key));
  if (missing.length) throw new LoanRulesInvalid(`content/locales: missing texts for the loan rules: ${missing.join(", ")}`);
  const now = options.now ?? (() => new Date());
  const start = (turn: Turn) => turn.startFlow(LOAN_FLOW_ID);
  return {
    menu: [{ action: `flow:${LOAN_FLOW_ID}`, labelKey: "loan.menu" }],
    commands: { vay: start, loan: start },
    actions: { [PLAN_ACTION]: async (turn, argument) => [planFromButton(turn, rules, argument)] },
    flows: [loanCheckFlow(rules, now)],
  };
}

/** What the flow keeps in `state.flow.data` between turns (JSON). */
interface Answers {
  applicant?: ApplicantKind;
  destination?: Destination;
  /** What was typed when it was none of the listed countries. */
  destinationName?: string;
  costVnd?: number;
  supportVnd?: number;
  months?: number;
  group?: string;
  province?: Province;
}

/** All answers given; only the destination is skipped (for EPS, which is always Korea). */
type CompleteAnswers = Required<Omit<Answers, "destination" | "destinationName">> & Pick<Answers, "destination" | "destinationName">;

type Outcome = { value: string | number; extra?: Partial<Answers> } | { retry: string; buttons?: Button[] };

interface Step {
  id: keyof Answers;
  appliesTo?(answers: Answers): boolean;
  question(turn: Turn, answers: Answers): { text: string; buttons: Button[] };
  /** A typed answer. */
  read(turn: Turn, text: string, answers: Answers): Outcome;
  /** A pressed button's value, already known to belong to this step. */
  pressed(value: string, answers: Answers): Outcome;
}

const button = (label: string, step: string, value: string | number): Button => ({ label, action: `${LOAN_FLOW_ID}:${step}.${value}` });

function loanCheckFlow(rules: LoanRules, now: () => Date): Flow {
  const steps = loanSteps(rules);
  const active = (answers: Answers) => steps.filter((step) => step.appliesTo?.(answers) ?? true);

  function ask(turn: Turn, prefix?: string): Reply {
    const answers = turn.state.flow!.data as Answers;
    const list = active(answers);
    const index = list.findIndex((step) => step.id === turn.state.flow!.step);
    const { text, buttons } = list[index]!.question(turn, answers);
    const numbered = turn.t("loan.ask.numbered", { n: index + 1, total: list.length, question: text });
    return { text: prefix ? `${prefix}\n\n${numbered}` : numbered, buttons: [...buttons, { label: turn.t("loan.button.cancel"), action: "cancel" }] };
  }

  const flow: Flow = {
    id: LOAN_FLOW_ID,
    async start(turn) {
      turn.state.flow!.step = steps[0]!.id;
      return [{ text: turn.t("loan.intro") }, ask(turn)];
    },
    async prompt(turn) {
      return [ask(turn)];
    },
    async handle(turn, input) {
      const state = turn.state.flow!;
      const answers = state.data as Answers;
      const step = steps.find((candidate) => candidate.id === state.step);
      if (!step) return flow.start(turn);

      let outcome: Outcome;
      if (input.action !== undefined) {
        const dot = input.action.indexOf(".");
        // A button from an earlier question: show the current one again rather than guess.
        if (dot < 0 || input.action.slice(0, dot) !== step.id) return [ask(turn)];
        outcome = step.pressed(input.action.slice(dot + 1), answers);
      } else {
        outcome = step.read(turn, input.text ?? "", answers);
      }

      if ("retry" in outcome) {
        state.retries = (state.retries ?? 0) + 1;
        const hint = state.retries >= 3 ? `\n${turn.t("loan.retry.hint")}` : "";
        const again = ask(turn, outcome.retry + hint);
        const buttons = [...(outcome.buttons ?? []), ...(again.buttons ?? [])];
        return [{ ...again, buttons: buttons.filter((candidate, index) => buttons.findIndex((other) => other.action === candidate.action) === index) }];
      }
      Object.assign(answers, { [step.id]: outcome.value }, outcome.extra ?? {});
      state.retries = 0;
      state.updatedAt = now().toISOString();
      const list = active(answers);
      const next = list[list.findIndex((candidate) => candidate.id === step.id) + 1];
      if (next) {
        state.step = next.id;
        return [ask(turn)];
      }
      turn.state.flow = null;
      return finish(turn, rules, answers as CompleteAnswers, now());
    },
  };
  return flow;
}

function loanSteps(rules: LoanRules): Step[] {
  const choiceStep = <T extends string>(
    id: keyof Answers,
    values: readonly T[],
    labelKey: (value: T) => string,
    words: Record<T, string[]>,
    questionKey: string,
  ): Step => ({
    id,
    question: (turn) => ({ text: turn.t(questionKey), buttons: values.map((value) => button(turn.t(labelKey(value)), id, value)) }),
    read(turn, text) {
      const value = matchChoice(
        text,
        values.map((v) => ({ value: v, label: turn.t(labelKey(v)), words: words[v] ?? [] })),
      );
      return value ? { value } : { retry: turn.t("loan.retry.choice") };
    },
    pressed: (value) => ((values as readonly string[]).includes(value) ? { value } : { retry: "" }),
  });

  const applicant = choiceStep("applicant", applicantKinds, (v) => `loan.applicant.${v}`, applicantWords, "loan.ask.applicant");
  const group = choiceStep("group", rules.groups, (v) => `loan.group.${v}`, groupWords, "loan.ask.group");
  const province: Step = {
    ...choiceStep("province", provinces, (v) => `loan.province.${v}`, provinceWords, "loan.ask.province"),
    // Any other place typed by name is simply "another province".
    read: (turn, text) => ({
      value:
        matchChoice(
          text,
          provinces.map((v) => ({ value: v, label: turn.t(`loan.province.${v}`), words: provinceWords[v] })),
        ) ?? "other",
    }),
  };
  const destination: Step = {
    ...choiceStep("destination", destinations, (v) => `loan.destination.${v}`, destinationWords, "loan.ask.destination"),
    appliesTo: (answers) => answers.applicant !== "eps",
    read(turn, text) {
      const value = matchChoice(
        text,
        destinations.map((v) => ({ value: v, label: turn.t(`loan.destination.${v}`), words: destinationWords[v] })),
      );
      if (value) return { value };
      const name = text
        .replace(/[^\p{L}\p{N} .'-]/gu, "")
        .trim()
        .slice(0, 40);
      return name ? { value: "other", extra: { destinationName: name } } : { retry: turn.t("loan.retry.choice") };
    },
  };

  const cost: Step = {
    id: "costVnd",
    question: (turn) => ({
      text: turn.t("loan.ask.cost"),
      buttons: [100_000_000, 150_000_000, 200_000_000, 300_000_000].map((vnd) => button(money(turn, vnd), "costVnd", vnd)),
    }),
    read: (turn, text) => amountOutcome(turn, text, "costVnd"),
    pressed: (value) => wholeNumberIn(value, 1, MAX_AMOUNT_VND),
  };
  const support: Step = {
    id: "supportVnd",
    question: (turn) => ({
      text: turn.t("loan.ask.support"),
      buttons: [button(turn.t("loan.support.none"), "supportVnd", 0)],
    }),
    read(turn, text, answers) {
      if (noneWords.includes(fold(text))) return { value: 0 };
      const outcome = amountOutcome(turn, text, "supportVnd");
      if ("value" in outcome && Number(outcome.value) > answers.costVnd!) {
        return { retry: turn.t("loan.retry.support.aboveCost", { cost: money(turn, answers.costVnd!) }) };
      }
      return outcome;
    },
    pressed: (value, answers) => wholeNumberIn(value, 0, answers.costVnd ?? 0),
  };
  const months: Step = {
    id: "months",
    question: (turn, answers) => ({
      text: turn.t(answers.applicant === "work-study" ? "loan.ask.months.study" : "loan.ask.months"),
      buttons: (answers.applicant === "eps" ? [36, 58] : [12, 24, 36, 60]).map((m) => button(duration(turn, m), "months", m)),
    }),
    read(turn, text) {
      const parsed = parseDuration(text);
      return parsed.ok
        ? { value: parsed.months }
        : { retry: turn.t(`loan.retry.months.${parsed.problem}`, { input: quoted(text), max: duration(turn, MAX_DURATION_MONTHS) }) };
    },
    pressed: (value) => wholeNumberIn(value, 1, MAX_DURATION_MONTHS),
  };
  return [applicant, destination, cost, support, months, group, province];
}

function amountOutcome(turn: Turn, text: string, step: string): Outcome {
  const parsed = parseAmount(text);
  if (parsed.ok) return { value: parsed.vnd };
  const buttons = parsed.suggestionVnd
    ? [button(turn.t("loan.retry.amount.suggestion", { amount: money(turn, parsed.suggestionVnd) }), step, parsed.suggestionVnd)]
    : [];
  return { retry: turn.t(`loan.retry.amount.${parsed.problem}`, { input: quoted(text), max: money(turn, MAX_AMOUNT_VND) }), buttons };
}

function wholeNumberIn(value: string, min: number, max: number): Outcome {
  const number = /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  return number >= min && number <= max ? { value: number } : { retry: "" };
}

/** Typed input echoed back, kept short so a pasted essay does not come back at the person. */
function quoted(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function finish(turn: Turn, rules: LoanRules, answers: CompleteAnswers, today: Date): Reply[] {
  const loanCase: LoanCase = {
    applicant: answers.applicant,
    province: answers.province,
    group: answers.group,
    costVnd: answers.costVnd,
    stateSupportVnd: answers.supportVnd,
    contractMonths: answers.months,
  };
  const assessment = assessLoan(rules, loanCase, today);
  const summary: Reply = {
    text: turn.t("loan.result.summary", {
      applicant: turn.t(`loan.applicant.${answers.applicant}`),
      destination: answers.destinationName ?? turn.t(`loan.destination.${answers.destination ?? "korea"}`),
      cost: money(turn, answers.costVnd),
      support: money(turn, answers.supportVnd),
      months: duration(turn, answers.months),
      group: turn.t(`loan.group.${answers.group}`),
      province: turn.t(`loan.province.${answers.province}`),
    }),
  };
  const planned = assessment.programmes.find(canIllustrate);
  const plan = planned ? illustrativePlan(turn, rules, planned, answers.group, "equal-principal", false) : undefined;
  const replies = resultReplies(turn, rules, assessment, plan ? { reply: plan } : undefined);
  const noPlan: Reply[] = !plan && assessment.programmes.length ? [{ text: turn.t("loan.plan.unavailable") }] : [];
  // The summary first, the plan (or why there is none) right after the programme blocks.
  const blocks = 1 + assessment.programmes.length;
  return [summary, ...replies.slice(0, blocks), ...noPlan, ...replies.slice(blocks)];
}

function canIllustrate(programme: ProgrammeAssessment): boolean {
  return programme.rate.known && programme.maxLoan.known && programme.maxLoan.vnd > 0 && programme.term.known;
}

function illustrativePlan(
  turn: Turn,
  rules: LoanRules,
  programme: ProgrammeAssessment,
  group: string,
  method: RepaymentMethod,
  full: boolean,
): Reply | undefined {
  if (!programme.rate.known || !programme.maxLoan.known || !programme.term.known) return undefined;
  const plan = repaymentPlan({ principal: programme.maxLoan.vnd, months: programme.term.maxMonths, annualRatePercent: programme.rate.annualPercent, method });
  const sources = toReplySources(sourcesOf(rules, [...programme.rate.sources, ...programme.rate.valueSources]));
  return planReply(turn, plan, { programmeId: programme.programmeId, principal: plan.principal, months: plan.months, group }, full, sources);
}

/** A "full table" or "equal instalments" button, possibly pressed long after the check. */
function planFromButton(turn: Turn, rules: LoanRules, argument: string): Reply {
  const request = parsePlanAction(argument);
  const programme = request && rules.programmes.find((candidate) => candidate.id === request.programmeId);
  const rate = request && programme && rules.groups.includes(request.group) ? rateFor(rules, programme, request.group) : undefined;
  if (!request || !rate?.known || request.principal < 1 || request.principal > MAX_AMOUNT_VND || request.months < 1 || request.months > MAX_DURATION_MONTHS) {
    return { text: turn.t("loan.plan.expired"), buttons: [{ label: turn.t("loan.button.again"), action: `flow:${LOAN_FLOW_ID}` }] };
  }
  const plan = repaymentPlan({ principal: request.principal, months: request.months, annualRatePercent: rate.annualPercent, method: request.method });
  const sources = toReplySources(sourcesOf(rules, [...rate.sources, ...rate.valueSources]));
  return planReply(turn, plan, request, request.full, sources);
}
