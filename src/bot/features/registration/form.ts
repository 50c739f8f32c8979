import { z } from "zod";
import { simplify as fold } from "../../../shared/index.js";
import { answer, invalid, questionList, type StepAnswer, type Turn } from "../../core/index.js";
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
  PROGRAMMES,
  programmesFor,
  REFERRAL_SOURCES,
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

/** The answers as kept in the flow and in the draft table; every value is checked again when a turn loads them. */
export const answersSchema = z.object({
  applicantType: z.enum(APPLICANT_TYPES).optional(),
  fullName: z.string().optional(),
  birthDate: z.string().optional(),
  gender: z.enum(GENDERS).optional(),
  /** Sealed with the registration key, as is the phone. */
  citizenId: z.string().optional(),
  phone: z.string().optional(),
  province: z.string().optional(),
  commune: z.object({ name: z.string(), key: z.string() }).optional(),
  education: z.enum(EDUCATION_LEVELS).optional(),
  occupation: z.string().optional(),
  languages: z.string().optional(),
  country: z.string().optional(),
  programme: z.enum(PROGRAMMES).optional(),
  departure: z.string().optional(),
  loanNeeded: z.boolean().optional(),
  /** null: the person does not know yet. */
  loanAmount: z.number().nullable().optional(),
  priorityGroup: z.enum(PRIORITY_GROUPS).optional(),
  referral: z.enum(REFERRAL_SOURCES).optional(),
});
export type Answers = z.infer<typeof answersSchema>;

/** What the flow keeps in its data and (the first three) in the draft table. */
export const formDataSchema = z.object({
  consentAt: z.string().optional(),
  answers: answersSchema.default({}),
  /** Reference code of the active registration these answers will replace. */
  updateOf: z.string().optional(),
  /** After the next answer, go back to the summary (the person is editing one field). */
  editing: z.boolean().optional(),
  /** A citizen ID (sealed) waiting for the person to decide about the registration it already has. */
  pendingCitizenId: z.string().optional(),
  duplicateCode: z.string().optional(),
  /** A birth date refused for age, kept while the person chooses what to do. */
  pendingBirthDate: z.string().optional(),
  /** A name typed without diacritics, kept while the person says whether to keep it. */
  pendingName: z.string().optional(),
});
export type FormData = z.infer<typeof formDataSchema>;

export interface FieldContext {
  turn: Turn;
  data: FormData;
  service: RegistrationService;
  localities: Localities;
  now: Date;
}

/** A read answer; the value is checked against `answersSchema` when it is kept. */
export type FieldOutcome =
  | StepAnswer<unknown>
  /** The answer is fine but needs a decision first (age refused, name without diacritics): the flow changes step. */
  | { kind: "detour"; step: "ageRefused" | "nameCheck" };

export interface FieldSpec {
  id: FieldId;
  /** Button choices (codes); a typed label of one of them counts as pressing it. */
  choices?(answers: Answers): readonly string[];
  /** Free-text answers; absent: only the choices are accepted. */
  parse?(text: string, context: FieldContext): FieldOutcome | Promise<FieldOutcome>;
  /** A pressed choice; default: the code itself. */
  fromChoice?(code: string, context: FieldContext): FieldOutcome | Promise<FieldOutcome>;
  applies?(answers: Answers): boolean;
  /** The field's answer as shown in the summary (identifiers masked). */
  show(answers: Answers, context: Pick<FieldContext, "turn" | "service" | "localities">): string;
}

const value = (v: unknown, notice?: string): FieldOutcome => answer(v, notice);
const fromParsed = <T>(parsed: { ok: true; value: T } | { ok: false; reason: string; params?: Record<string, string | number> }) =>
  parsed.ok ? value(parsed.value) : invalid(parsed.reason, parsed.params);

const choiceLabel = (turn: Turn, field: FieldId, code: string) => turn.t(`reg.choice.${field}.${code}`);
/**
 * A pressed choice shows its label; anything typed is text, even one lower-case word
 * ("welder", "may", "han") that looks like a code: only the field's own codes have labels.
 */
const labelOrText = (turn: Turn, field: FieldId, given: string | undefined) =>
  given !== undefined && (FIELDS[field].choices?.({}) ?? []).includes(given) ? choiceLabel(turn, field, given) : (given ?? "");

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
    show: (a, { turn }) => choiceLabel(turn, "applicantType", String(a.applicantType)),
  },
  fullName: {
    id: "fullName",
    parse(text, { data }) {
      const parsed = parseFullName(text);
      if (!parsed.ok) return invalid(parsed.reason, parsed.params);
      // "Nguyen Van An" reaches the official list as typed: a gentle check, never a refusal
      // (some names have no diacritics at all, and foreign names are fine).
      if (/^[A-Za-z '’-]+$/.test(parsed.value) && /[aeiouy]/i.test(parsed.value) && data.pendingName !== parsed.value) {
        data.pendingName = parsed.value;
        return { kind: "detour", step: "nameCheck" };
      }
      delete data.pendingName;
      return value(parsed.value);
    },
    show: (a) => a.fullName ?? "",
  },
  birthDate: {
    id: "birthDate",
    parse(text, { data, now }) {
      const parsed = parseDate(text);
      if (!parsed.ok) return invalid(parsed.reason, parsed.params);
      const age = checkAge(parsed.value, data.answers.applicantType ?? "worker", now);
      if (age.ok) return value(parsed.value);
      if (age.reason === "tooYoung") {
        data.pendingBirthDate = parsed.value;
        return { kind: "detour", step: "ageRefused" };
      }
      return invalid(`reg.error.date.${age.reason}`);
    },
    show: (a) => formatDate(a.birthDate ?? ""),
  },
  gender: {
    id: "gender",
    choices: () => GENDERS,
    show: (a, { turn }) => choiceLabel(turn, "gender", String(a.gender)),
  },
  citizenId: {
    id: "citizenId",
    async parse(text, { data, service }) {
      const parsed = parseCitizenId(text);
      if (!parsed.ok) return invalid(parsed.reason, parsed.params);
      const { birthDate, gender } = data.answers;
      if (!birthDate || !gender) return invalid("reg.error.choice");
      const consistent = checkCitizenIdConsistency(parsed.value, birthDate, gender);
      if (!consistent.ok) return invalid(consistent.reason, consistent.params);
      // Whether the ID is registered already is not looked up here: answering differently would
      // tell anyone which IDs are registered. It is settled at save, the same for every ID.
      return value(service.seal(parsed.value));
    },
    show: (a, { service }) => maskCitizenId(service.open(a.citizenId ?? "")),
  },
  phone: {
    id: "phone",
    parse: (text, { service }) => {
      const parsed = parsePhone(text);
      return parsed.ok ? value(service.seal(parsed.value)) : invalid(parsed.reason, parsed.params);
    },
    show: (a, { service }) => maskPhone(service.open(a.phone ?? "")),
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
    show: (a, { localities }) => localities.byCode(a.province ?? "")?.name ?? a.province ?? "",
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
        : match.catalogued && cleanText(text.split(/[,;]/)[0] ?? "") !== match.name
          ? turn.t("reg.notice.communeMatched", { name: match.name })
          : undefined;
      return value({ name: match.name, key: match.key } satisfies Pick<CommuneMatch, "name" | "key">, notice);
    },
    show: (a) => a.commune?.name ?? "",
  },
  education: {
    id: "education",
    choices: () => EDUCATION_LEVELS,
    show: (a, { turn }) => choiceLabel(turn, "education", String(a.education)),
  },
  occupation: {
    id: "occupation",
    choices: () => OCCUPATION_CHOICES,
    parse: (text) => describedText(text, 200),
    show: (a, { turn }) => labelOrText(turn, "occupation", a.occupation),
  },
  languages: {
    id: "languages",
    choices: () => LANGUAGE_CHOICES,
    parse: (text) => describedText(text, 200),
    show: (a, { turn }) => labelOrText(turn, "languages", a.languages),
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
    show: (a, { turn }) => labelOrText(turn, "country", a.country),
  },
  programme: {
    id: "programme",
    choices: (answers) => programmesFor(String(answers.country), answers.applicantType ?? "worker"),
    applies: (answers) => answers.applicantType !== "student",
    show: (a, { turn }) => choiceLabel(turn, "programme", String(a.programme)),
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
    show: (a, { turn }) => {
      const text = a.departure ?? "";
      return /^\d{4}-\d{2}$/.test(text) ? `${text.slice(5)}/${text.slice(0, 4)}` : choiceLabel(turn, "departure", text);
    },
  },
  loanNeeded: {
    id: "loanNeeded",
    choices: () => ["yes", "no"],
    fromChoice: (code) => value(code === "yes"),
    show: (a, { turn }) => choiceLabel(turn, "loanNeeded", a.loanNeeded ? "yes" : "no"),
  },
  loanAmount: {
    id: "loanAmount",
    choices: () => LOAN_AMOUNT_CHOICES,
    applies: (answers) => answers.loanNeeded === true,
    fromChoice: (code) => value(code === "unknown" ? null : Number(code)),
    parse: (text) => fromParsed(parseMoney(text)),
    show: (a, { turn }) => (a.loanAmount === null ? choiceLabel(turn, "loanAmount", "unknown") : formatMoney(Number(a.loanAmount))),
  },
  priorityGroup: {
    id: "priorityGroup",
    choices: () => PRIORITY_GROUPS,
    show: (a, { turn }) => choiceLabel(turn, "priorityGroup", String(a.priorityGroup)),
  },
  referral: {
    id: "referral",
    choices: () => REFERRAL_SOURCES,
    show: (a, { turn }) => choiceLabel(turn, "referral", String(a.referral)),
  },
};

/** The questions in order; the loan amount follows the "need a loan?" answer and shares its number. */
export const questions = questionList<Answers, FieldId>(
  FIELD_ORDER.map((id) => ({
    id,
    applies: (answers: Answers) => FIELDS[id].applies?.(answers) ?? true,
    ...(id === "loanAmount" ? { follows: "loanNeeded" } : {}),
  })),
);

export function applies(field: FieldId, answers: Answers): boolean {
  return questions.applies(field, answers);
}

/** The first question still to answer; undefined when the form is complete. */
export function nextField(answers: Answers): FieldId | undefined {
  return questions.firstUnanswered(answers, (field) => answers[field] !== undefined);
}

/** Keeps `value` as the answer to `field` when it has the field's shape; false otherwise. */
export function keepAnswer(data: FormData, field: FieldId, value: unknown): boolean {
  const updated = answersSchema.safeParse({ ...data.answers, [field]: value });
  if (updated.success) data.answers = updated.data;
  return updated.success;
}

/**
 * After an answer changes, earlier answers that depend on it may no longer hold: they are
 * forgotten and asked again (with the reason where it is not obvious).
 */
export function forgetInvalidated(changed: FieldId, context: FieldContext): string[] {
  const { answers } = context.data;
  const notices: string[] = [];
  const type = answers.applicantType ?? "worker";
  if ((changed === "applicantType" || changed === "country") && answers.programme !== undefined) {
    if (!programmesFor(String(answers.country), type).includes(answers.programme)) delete answers.programme;
  }
  if (changed === "applicantType" && typeof answers.birthDate === "string" && !checkAge(answers.birthDate, type, context.now).ok) {
    delete answers.birthDate;
  }
  if ((changed === "birthDate" || changed === "gender") && typeof answers.citizenId === "string" && answers.birthDate && answers.gender) {
    const citizenId = context.service.open(answers.citizenId);
    if (!checkCitizenIdConsistency(citizenId, String(answers.birthDate), answers.gender).ok) {
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
