import { simplify as fold } from "../../../shared/index.js";
import type { Turn } from "../../core/index.js";
import {
  APPLICANT_TYPES,
  COUNTRIES,
  COUNTRY_ALIASES,
  DEPARTURE_CHOICES,
  EDUCATION_LEVELS,
  GENDERS,
  LANGUAGE_CHOICES,
  LOAN_AMOUNT_CHOICES,
  OCCUPATION_CHOICES,
  PRIORITY_GROUPS,
  programmesFor,
  REFERRAL_SOURCES,
  type ApplicantType,
} from "../../../registrations/index.js";
import type { CommuneMatch, Localities } from "../../../registrations/index.js";
import type { RegistrationService } from "../../../registrations/index.js";
import {
  checkAge,
  checkCitizenIdConsistency,
  cleanText,
  formatDate,
  formatMoney,
  parseCitizenId,
  parseDate,
  parseFullName,
  parseMoney,
  parseMonth,
  parsePhone,
  vietnamToday,
} from "../../../registrations/index.js";
import { maskCitizenId, maskPhone } from "../../../shared/index.js";

/** The questions of the form, in the order they are asked. */
export const FIELD_ORDER = [
  "applicantType",
  "fullName",
  "birthDate",
  "gender",
  "citizenId",
  "phone",
  "province",
  "commune",
  "education",
  "occupation",
  "languages",
  "country",
  "programme",
  "departure",
  "loanNeeded",
  "loanAmount",
  "priorityGroup",
  "referral",
] as const;

export type FieldId = (typeof FIELD_ORDER)[number];
export type Answers = Partial<Record<FieldId, unknown>>;

/** What the flow keeps in `state.flow.data` and in the draft table. */
export interface FormData {
  consentAt?: string;
  answers: Answers;
  /** Reference code of the active registration these answers will replace. */
  updateOf?: string;
  /** After the next answer, go back to the summary (the person is editing one field). */
  editing?: boolean;
  /** A citizen ID (sealed) waiting for the person to decide about the registration it already has. */
  pendingCitizenId?: string;
  duplicateCode?: string;
  /** A birth date refused for age, kept while the person chooses what to do. */
  pendingBirthDate?: string;
}

export interface FieldContext {
  turn: Turn;
  data: FormData;
  service: RegistrationService;
  localities: Localities;
  now: Date;
}

export type FieldOutcome =
  | { kind: "value"; value: unknown; notice?: string }
  | { kind: "invalid"; reason: string; params?: Record<string, string | number> }
  /** The answer is fine but needs a decision first (age refused, duplicate ID): the flow changes step. */
  | { kind: "detour"; step: "ageRefused" };

export interface FieldSpec {
  id: FieldId;
  /** Button choices (codes); a typed label of one of them counts as pressing it. */
  choices?(answers: Answers): readonly string[];
  /** Free-text answers; absent: only the choices are accepted. */
  parse?(text: string, context: FieldContext): FieldOutcome | Promise<FieldOutcome>;
  /** A pressed choice; default: the code itself. */
  fromChoice?(code: string, context: FieldContext): FieldOutcome | Promise<FieldOutcome>;
  applies?(answers: Answers): boolean;
  /** The answer as shown in the summary (identifiers masked). */
  show(value: unknown, context: Pick<FieldContext, "turn" | "service" | "localities">): string;
}

const value = (v: unknown, notice?: string): FieldOutcome => ({ kind: "value", value: v, notice });
const invalid = (reason: string, params?: Record<string, string | number>): FieldOutcome => ({ kind: "invalid", reason, params });
const fromParsed = <T>(parsed: { ok: true; value: T } | { ok: false; reason: string; params?: Record<string, string | number> }) =>
  parsed.ok ? value(parsed.value) : invalid(parsed.reason, parsed.params);

const choiceLabel = (turn: Turn, field: FieldId, code: string) => turn.t(`reg.choice.${field}.${code}`);
/**
 * A pressed choice shows its label; anything typed is text, even one lower-case word
 * ("welder", "may", "han") that looks like a code: only the field's own codes have labels.
 */
const labelOrText = (turn: Turn, field: FieldId, answer: unknown) =>
  typeof answer === "string" && (FIELDS[field].choices?.({}) ?? []).includes(answer) ? choiceLabel(turn, field, answer) : String(answer ?? "");

/** Free text that must say something: at least two letters, at most `max` characters. */
function describedText(text: string, max: number): FieldOutcome {
  const cleaned = cleanText(text);
  if (cleaned.length > max) return invalid("reg.error.text.long", { max });
  if ((cleaned.match(/\p{L}/gu) ?? []).length < 2) return invalid("reg.error.text.empty");
  return value(cleaned);
}

export const FIELDS: Record<FieldId, FieldSpec> = {
  applicantType: {
    id: "applicantType",
    choices: () => APPLICANT_TYPES,
    show: (v, { turn }) => choiceLabel(turn, "applicantType", String(v)),
  },
  fullName: {
    id: "fullName",
    parse: (text) => fromParsed(parseFullName(text)),
    show: (v) => String(v),
  },
  birthDate: {
    id: "birthDate",
    parse(text, { data, now }) {
      const parsed = parseDate(text);
      if (!parsed.ok) return invalid(parsed.reason, parsed.params);
      const age = checkAge(parsed.value, (data.answers.applicantType as ApplicantType | undefined) ?? "worker", now);
      if (age.ok) return value(parsed.value);
      if (age.reason === "tooYoung") {
        data.pendingBirthDate = parsed.value;
        return { kind: "detour", step: "ageRefused" };
      }
      return invalid(`reg.error.date.${age.reason}`);
    },
    show: (v) => formatDate(String(v)),
  },
  gender: {
    id: "gender",
    choices: () => GENDERS,
    show: (v, { turn }) => choiceLabel(turn, "gender", String(v)),
  },
  citizenId: {
    id: "citizenId",
    async parse(text, { data, service }) {
      const parsed = parseCitizenId(text);
      if (!parsed.ok) return invalid(parsed.reason, parsed.params);
      const birth = data.answers.birthDate as string;
      const consistent = checkCitizenIdConsistency(parsed.value, birth, data.answers.gender as "male" | "female");
      if (!consistent.ok) return invalid(consistent.reason, consistent.params);
      // Whether the ID is registered already is not looked up here: answering differently would
      // tell anyone which IDs are registered. It is settled at save, the same for every ID.
      return value(service.seal(parsed.value));
    },
    show: (v, { service }) => maskCitizenId(service.open(String(v))),
  },
  phone: {
    id: "phone",
    parse: (text, { service }) => {
      const parsed = parsePhone(text);
      return parsed.ok ? value(service.seal(parsed.value)) : invalid(parsed.reason, parsed.params);
    },
    show: (v, { service }) => maskPhone(service.open(String(v))),
  },
  province: {
    id: "province",
    choices: () => ["hue", "can-tho"],
    fromChoice: (code, { localities }) => (localities.byCode(code) ? value(code) : invalid("reg.error.province.unknown")),
    parse(text, { localities, turn }) {
      const match = localities.findProvince(text);
      if (!match) return invalid("reg.error.province.unknown");
      const notice = match.formerName
        ? turn.t("reg.notice.formerProvince", {
            old: match.formerName,
            current: match.province.name,
            since: match.province.since ? formatDate(match.province.since) : "2025",
          })
        : undefined;
      return value(match.province.code, notice);
    },
    show: (v, { localities }) => localities.byCode(String(v))?.name ?? String(v),
  },
  commune: {
    id: "commune",
    parse(text, { localities, data, turn }) {
      const match = localities.normaliseCommune(String(data.answers.province), text);
      if (!match) return invalid("reg.error.commune.format");
      const notice = match.formerName
        ? turn.t(match.confirmed === false ? "reg.notice.formerCommuneUnconfirmed" : "reg.notice.formerCommune", {
            old: match.formerName,
            current: match.name,
          })
        : undefined;
      return value({ name: match.name, key: match.key } satisfies Pick<CommuneMatch, "name" | "key">, notice);
    },
    show: (v) => (v as CommuneMatch).name,
  },
  education: {
    id: "education",
    choices: () => EDUCATION_LEVELS,
    show: (v, { turn }) => choiceLabel(turn, "education", String(v)),
  },
  occupation: {
    id: "occupation",
    choices: () => OCCUPATION_CHOICES,
    parse: (text) => describedText(text, 200),
    show: (v, { turn }) => labelOrText(turn, "occupation", v),
  },
  languages: {
    id: "languages",
    choices: () => LANGUAGE_CHOICES,
    parse: (text) => describedText(text, 200),
    show: (v, { turn }) => labelOrText(turn, "languages", v),
  },
  country: {
    id: "country",
    choices: () => COUNTRIES,
    parse(text) {
      const alias = COUNTRY_ALIASES[fold(text).replace(/^(nuoc|di)\s+/, "")];
      if (alias) return value(alias);
      const described = describedText(text, 40);
      if (described.kind !== "value") return described;
      const name = String(described.value);
      return /^[\p{L} .'-]+$/u.test(name) ? value(name.charAt(0).toLocaleUpperCase("vi") + name.slice(1)) : invalid("reg.error.country.format");
    },
    show: (v, { turn }) => labelOrText(turn, "country", v),
  },
  programme: {
    id: "programme",
    choices: (answers) => programmesFor(String(answers.country), (answers.applicantType as ApplicantType) ?? "worker"),
    applies: (answers) => answers.applicantType !== "student",
    show: (v, { turn }) => choiceLabel(turn, "programme", String(v)),
  },
  departure: {
    id: "departure",
    choices: () => DEPARTURE_CHOICES,
    parse(text, { now }) {
      const parsed = parseMonth(text);
      if (!parsed.ok) return invalid(parsed.reason);
      const current = vietnamToday(now).slice(0, 7);
      const latest = `${Number(current.slice(0, 4)) + 5}${current.slice(4)}`;
      if (parsed.value < current) return invalid("reg.error.departure.past");
      if (parsed.value > latest) return invalid("reg.error.departure.far");
      return value(parsed.value);
    },
    show: (v, { turn }) => {
      const text = String(v);
      return /^\d{4}-\d{2}$/.test(text) ? `${text.slice(5)}/${text.slice(0, 4)}` : choiceLabel(turn, "departure", text);
    },
  },
  loanNeeded: {
    id: "loanNeeded",
    choices: () => ["yes", "no"],
    fromChoice: (code) => value(code === "yes"),
    show: (v, { turn }) => choiceLabel(turn, "loanNeeded", v ? "yes" : "no"),
  },
  loanAmount: {
    id: "loanAmount",
    choices: () => LOAN_AMOUNT_CHOICES,
    applies: (answers) => answers.loanNeeded === true,
    fromChoice: (code) => value(code === "unknown" ? null : Number(code)),
    parse: (text) => fromParsed(parseMoney(text)),
    show: (v, { turn }) => (v === null ? choiceLabel(turn, "loanAmount", "unknown") : formatMoney(Number(v))),
  },
  priorityGroup: {
    id: "priorityGroup",
    choices: () => PRIORITY_GROUPS,
    show: (v, { turn }) => choiceLabel(turn, "priorityGroup", String(v)),
  },
  referral: {
    id: "referral",
    choices: () => REFERRAL_SOURCES,
    show: (v, { turn }) => choiceLabel(turn, "referral", String(v)),
  },
};

export function applies(field: FieldId, answers: Answers): boolean {
  return FIELDS[field].applies?.(answers) ?? true;
}

/** The first question still to answer; undefined when the form is complete. */
export function nextField(answers: Answers): FieldId | undefined {
  return FIELD_ORDER.find((field) => applies(field, answers) && answers[field] === undefined);
}

/**
 * After an answer changes, earlier answers that depend on it may no longer hold: they are
 * forgotten and asked again (with the reason where it is not obvious).
 */
export function forgetInvalidated(changed: FieldId, context: FieldContext): string[] {
  const { answers } = context.data;
  const notices: string[] = [];
  const type = (answers.applicantType as ApplicantType | undefined) ?? "worker";
  if ((changed === "applicantType" || changed === "country") && answers.programme !== undefined) {
    if (!programmesFor(String(answers.country), type).includes(answers.programme as never)) delete answers.programme;
  }
  if (changed === "applicantType" && typeof answers.birthDate === "string" && !checkAge(answers.birthDate, type, context.now).ok) {
    delete answers.birthDate;
  }
  if ((changed === "birthDate" || changed === "gender") && typeof answers.citizenId === "string" && answers.birthDate && answers.gender) {
    const citizenId = context.service.open(answers.citizenId);
    if (!checkCitizenIdConsistency(citizenId, String(answers.birthDate), answers.gender as "male" | "female").ok) {
      delete answers.citizenId;
      notices.push(context.turn.t("reg.notice.citizenIdAgain"));
    }
  }
  if (changed === "province") delete answers.commune;
  if (changed === "loanNeeded" && answers.loanNeeded === false) delete answers.loanAmount;
  return notices;
}

export function ownerOf(turn: Turn) {
  return { channel: turn.message.channel, userId: turn.message.userId };
}
