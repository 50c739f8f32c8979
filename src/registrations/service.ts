import { randomInt } from "node:crypto";
import { z } from "zod";
import type { DirectSql, Prisma, PrismaClient } from "../db/index.js";
import { APPLICANT_TYPES, DEPARTURE_CHOICES, EDUCATION_LEVELS, GENDERS, PRIORITY_GROUPS, PROGRAMMES, REFERRAL_SOURCES } from "./catalogue.js";
import type { RegistrationCrypto } from "./crypto.js";
import type { Localities } from "./localities.js";
import {
  ACTIVE_STATUSES,
  createRegistrationRepository,
  UniqueViolation,
  type Owner,
  type RegistrationColumns,
  type RegistrationRow,
  type RegistrationStatus,
} from "./repository.js";
import { maskCitizenId, maskPhone } from "../shared/index.js";
import { checkAge, checkCitizenIdConsistency } from "./validators.js";

export type { Owner, RegistrationStatus };

/** A registration as the form hands it over: plain values, checked again here. */
export const registrationInput = z
  .object({
    applicantType: z.enum(APPLICANT_TYPES),
    fullName: z.string().min(3).max(80),
    birthDate: z.iso.date(),
    gender: z.enum(GENDERS),
    citizenId: z.string().regex(/^\d{12}$/, "must be 12 digits"),
    phone: z.string().regex(/^\+84[35789]\d{8}$/, "must be a normalised Vietnamese mobile number"),
    provinceCode: z.string().min(2),
    communeName: z.string().min(2).max(80),
    communeKey: z.string().min(1).max(80),
    education: z.enum(EDUCATION_LEVELS),
    occupation: z.string().max(200).nullable(),
    languages: z.string().max(200).nullable(),
    desiredCountry: z.string().min(2).max(60),
    programme: z.enum(PROGRAMMES),
    expectedDeparture: z.union([z.enum(DEPARTURE_CHOICES), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)]),
    loanNeeded: z.boolean(),
    loanAmountVnd: z.number().int().min(1_000_000).max(2_000_000_000).nullable(),
    priorityGroup: z.enum(PRIORITY_GROUPS),
    referralSource: z.enum(REFERRAL_SOURCES),
    consentAt: z.coerce.date(),
    consentVersion: z.string().min(1).max(40),
  })
  .strict();

export type RegistrationInput = z.infer<typeof registrationInput>;

/** The input broke a rule; `problems` name the fields. Never carries the values themselves. */
export class RegistrationInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid registration: ${problems.join("; ")}`);
    this.name = "RegistrationInvalid";
  }
}

export class StatusChangeNotAllowed extends Error {
  constructor(from: RegistrationStatus, to: RegistrationStatus) {
    super(`A registration cannot go from ${from} to ${to}`);
    this.name = "StatusChangeNotAllowed";
  }
}

/** What a person may see of their own registration: identifiers masked. */
export interface RegistrationView {
  referenceCode: string;
  status: RegistrationStatus;
  active: boolean;
  fullName: string;
  maskedCitizenId: string;
  maskedPhone: string;
  provinceCode: string;
  communeName: string | null;
  desiredCountry: string;
  programme: string;
  createdAt: Date;
}

export interface ExistingRegistration {
  referenceCode: string;
  status: RegistrationStatus;
  createdAt: Date;
  /** Registered by the same person on the same channel. */
  sameOwner: boolean;
}

export type SubmitResult = { kind: "created"; referenceCode: string } | { kind: "duplicate"; existing: ExistingRegistration };
export type UpdateResult =
  | { kind: "updated"; referenceCode: string }
  | { kind: "duplicate"; existing: ExistingRegistration }
  /**
   * Another channel account than the one that registered: knowing the citizen ID and phone is
   * not proof (both are on papers people hand around), so the change waits for a one-time code
   * sent to the registering channel, or for staff (`claims.ts`).
   */
  | { kind: "proofNeeded" }
  | { kind: "notFound" };

/** A registration decrypted for the staff's monthly list. */
export interface StaffRecord extends Omit<RegistrationInput, "consentAt" | "consentVersion" | "communeKey"> {
  referenceCode: string;
  status: RegistrationStatus;
  note: string | null;
  createdAt: Date;
}

// Forward only; withdrawn and rejected from any active status. Closed ones stay closed:
// the person registers again instead.
const ORDER: RegistrationStatus[] = ["submitted", "contacted", "eligible", "loan_applied", "departed"];
export function canChangeStatus(from: RegistrationStatus, to: RegistrationStatus): boolean {
  if (!(ACTIVE_STATUSES as readonly string[]).includes(from)) return false;
  if (to === "withdrawn" || to === "rejected") return true;
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}

export const DRAFT_LIFETIME_DAYS = 30;

export interface RegistrationServiceOptions {
  prisma: PrismaClient;
  sql: DirectSql;
  crypto: RegistrationCrypto;
  localities: Localities;
  now?: () => Date;
}

export function createRegistrationService(options: RegistrationServiceOptions) {
  const { crypto, localities } = options;
  const now = options.now ?? (() => new Date());
  const repository = createRegistrationRepository(options.prisma, options.sql);

  function validate(input: RegistrationInput): RegistrationInput {
    const parsed = registrationInput.safeParse(input);
    if (!parsed.success) throw new RegistrationInvalid(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
    const value = parsed.data;
    const problems: string[] = [];
    if (!checkCitizenIdConsistency(value.citizenId, value.birthDate, value.gender).ok) {
      problems.push("citizenId: does not match the birth year or gender");
    }
    const age = checkAge(value.birthDate, value.applicantType, now());
    if (!age.ok) problems.push(`birthDate: ${age.reason}`);
    if (!localities.byCode(value.provinceCode)) problems.push("provinceCode: unknown");
    if (!value.loanNeeded && value.loanAmountVnd !== null) problems.push("loanAmountVnd: given without a loan");
    if (problems.length) throw new RegistrationInvalid(problems);
    return value;
  }

  function columnsOf(input: RegistrationInput, owner: Owner): RegistrationColumns {
    const citizenId = crypto.encrypt(input.citizenId);
    const phone = crypto.encrypt(input.phone);
    return {
      applicantType: input.applicantType,
      fullName: input.fullName,
      birthDate: new Date(`${input.birthDate}T00:00:00Z`),
      birthYear: Number(input.birthDate.slice(0, 4)),
      gender: input.gender,
      citizenIdCipher: bytes(citizenId.cipher),
      citizenIdIv: bytes(citizenId.iv),
      citizenIdTag: bytes(citizenId.tag),
      citizenIdHash: crypto.citizenIdHash(input.citizenId),
      phoneCipher: bytes(phone.cipher),
      phoneIv: bytes(phone.iv),
      phoneTag: bytes(phone.tag),
      provinceCode: input.provinceCode,
      communeName: input.communeName,
      communeKey: input.communeKey,
      education: input.education,
      occupation: input.occupation,
      languages: input.languages,
      desiredCountry: input.desiredCountry,
      programme: input.programme,
      expectedDeparture: input.expectedDeparture,
      loanNeeded: input.loanNeeded,
      loanAmountVnd: input.loanAmountVnd === null ? null : BigInt(input.loanAmountVnd),
      priorityGroup: input.priorityGroup,
      referralSource: input.referralSource,
      channel: owner.channel,
      channelUserId: owner.userId,
      consentAt: input.consentAt,
      consentVersion: input.consentVersion,
    };
  }

  function existingOf(row: RegistrationRow, owner: Owner): ExistingRegistration {
    return {
      referenceCode: row.referenceCode!,
      status: row.status,
      createdAt: row.createdAt,
      sameOwner: row.channel === owner.channel && row.channelUserId === owner.userId,
    };
  }

  function decryptField(row: RegistrationRow, field: "citizenId" | "phone"): string {
    const cipher = row[`${field}Cipher`];
    const iv = row[`${field}Iv`];
    const tag = row[`${field}Tag`];
    if (!cipher || !iv || !tag) return "";
    return crypto.decrypt({ cipher: Buffer.from(cipher, "base64"), iv: Buffer.from(iv, "base64"), tag: Buffer.from(tag, "base64") });
  }

  async function replaceAnswers(row: RegistrationRow, value: RegistrationInput, owner: Owner, actor: string): Promise<UpdateResult> {
    const referenceCode = row.referenceCode!;
    try {
      const updated = await repository.replaceAnswers(row.id, columnsOf(value, owner), actor);
      return updated ? { kind: "updated", referenceCode } : { kind: "notFound" };
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      const existing = await service.findActiveByCitizenId(value.citizenId, owner);
      if (existing) return { kind: "duplicate", existing };
      throw error;
    }
  }

  const service = {
    async findActiveByCitizenId(citizenId: string, owner: Owner): Promise<ExistingRegistration | undefined> {
      const row = await repository.findActiveByHash(crypto.citizenIdHash(citizenId));
      return row ? existingOf(row, owner) : undefined;
    },

    /** Saves a new registration, or reports the active one that has this citizen ID. */
    async submit(input: RegistrationInput, owner: Owner): Promise<SubmitResult> {
      const columns = columnsOf(validate(input), owner);
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          const row = await repository.create(newReferenceCode(), columns, `citizen:${owner.channel}`);
          return { kind: "created", referenceCode: row.referenceCode! };
        } catch (error) {
          if (!(error instanceof UniqueViolation)) throw error;
          // Either the citizen ID is active already (another message won the race) or,
          // very rarely, the random reference code was taken: then try another code.
          const existing = await service.findActiveByCitizenId(input.citizenId, owner);
          if (existing) return { kind: "duplicate", existing };
        }
      }
      throw new Error("could not allocate a reference code");
    },

    /**
     * Replaces an active registration's answers, for the channel account that made it only.
     * The owner stays the owner: ownership moves only through a confirmed claim.
     */
    async update(referenceCode: string, input: RegistrationInput, owner: Owner): Promise<UpdateResult> {
      const value = validate(input);
      const row = await repository.findByReference(referenceCode);
      if (!row || !(ACTIVE_STATUSES as readonly string[]).includes(row.status)) return { kind: "notFound" };
      const sameOwner = row.channel === owner.channel && row.channelUserId === owner.userId;
      if (!sameOwner) return { kind: "proofNeeded" };
      return replaceAnswers(row, value, owner, `citizen:${owner.channel}`);
    },

    /**
     * A change proven by the owner (one-time code) or confirmed by staff: the answers are
     * replaced and the registration now belongs to `newOwner`. Only the claims module calls this.
     */
    async applyConfirmedChange(registrationId: string, input: RegistrationInput, newOwner: Owner, actor: string): Promise<UpdateResult> {
      const value = validate(input);
      const row = await repository.findById(registrationId);
      if (!row?.referenceCode || !(ACTIVE_STATUSES as readonly string[]).includes(row.status)) return { kind: "notFound" };
      return replaceAnswers(row, value, newOwner, actor);
    },

    async listMine(owner: Owner): Promise<RegistrationView[]> {
      const rows = await repository.listByOwner(owner);
      return rows.map((row) => ({
        referenceCode: row.referenceCode!,
        status: row.status,
        active: (ACTIVE_STATUSES as readonly string[]).includes(row.status),
        fullName: row.fullName ?? "",
        maskedCitizenId: maskCitizenId(decryptField(row, "citizenId")),
        maskedPhone: maskPhone(decryptField(row, "phone")),
        provinceCode: row.provinceCode,
        communeName: row.communeName,
        desiredCountry: row.desiredCountry,
        programme: row.programme,
        createdAt: row.createdAt,
      }));
    },

    /** The person withdraws their own registration. False if it is not theirs or not active. */
    async localityOf(owner: Owner): Promise<{ provinceCode: string; communeKey: string | null } | undefined> {
      const [latest] = await repository.listByOwner(owner);
      return latest ? { provinceCode: latest.provinceCode, communeKey: latest.communeKey } : undefined;
    },

    async withdraw(referenceCode: string, owner: Owner): Promise<boolean> {
      const row = await repository.findByReference(referenceCode);
      if (!row || row.channel !== owner.channel || row.channelUserId !== owner.userId) return false;
      if (!canChangeStatus(row.status, "withdrawn")) return false;
      return repository.changeStatus(row.id, row.status, "withdrawn", `citizen:${owner.channel}`, "withdrawn by the person");
    },

    /** Staff move a registration along its life; every change is recorded with who and why. */
    async changeStatus(referenceCode: string, to: RegistrationStatus, change: { actor: string; note?: string }): Promise<void> {
      for (;;) {
        const row = await repository.findByReference(referenceCode);
        if (!row) throw new RegistrationInvalid(["referenceCode: unknown"]);
        if (!canChangeStatus(row.status, to)) throw new StatusChangeNotAllowed(row.status, to);
        if (await repository.changeStatus(row.id, row.status, to, change.actor, change.note)) return;
      }
    },

    history(referenceCode: string) {
      return repository.findByReference(referenceCode).then((row) => (row ? repository.events(row.id) : []));
    },

    /**
     * The person's right to erasure: their registrations keep only statistical columns, the
     * draft is deleted. Returns how many registrations were anonymised.
     */
    async erasePersonalData(owner: Owner): Promise<number> {
      await repository.drafts.delete(owner);
      // Claims hold sealed answers: those this account made, and those made on its registrations.
      await repository.deleteClaimsOf(owner);
      return repository.anonymiseOwner(owner, `citizen:${owner.channel}`);
    },

    /** Registrations of a month in a province (optionally one commune), decrypted for staff. */
    async recordsForMonth(query: { month: string; provinceCode: string; commune?: string }): Promise<StaffRecord[]> {
      const { from, to } = monthRange(query.month);
      const rows = await repository.monthly({
        provinceCode: query.provinceCode,
        from,
        to,
        communeKey: query.commune !== undefined ? localities.communeKey(query.commune) : undefined,
        statuses: [...ACTIVE_STATUSES, "departed"],
      });
      return rows.map((row) => ({
        referenceCode: row.referenceCode!,
        status: row.status,
        note: row.note,
        createdAt: row.createdAt,
        applicantType: row.applicantType as RegistrationInput["applicantType"],
        fullName: row.fullName ?? "",
        birthDate: row.birthDate ? row.birthDate.toISOString().slice(0, 10) : "",
        gender: row.gender as RegistrationInput["gender"],
        citizenId: decryptField(row, "citizenId"),
        phone: decryptField(row, "phone"),
        provinceCode: row.provinceCode,
        communeName: row.communeName ?? "",
        education: row.education as RegistrationInput["education"],
        occupation: row.occupation,
        languages: row.languages,
        desiredCountry: row.desiredCountry,
        programme: row.programme as RegistrationInput["programme"],
        expectedDeparture: row.expectedDeparture,
        loanNeeded: row.loanNeeded,
        loanAmountVnd: row.loanAmountVnd === null ? null : Number(row.loanAmountVnd),
        priorityGroup: row.priorityGroup as RegistrationInput["priorityGroup"],
        referralSource: row.referralSource as RegistrationInput["referralSource"],
      }));
    },

    drafts: {
      /** The person's unfinished form, unless it is older than the draft lifetime. */
      async load(owner: Owner): Promise<{ answers: Record<string, unknown>; updatedAt: Date } | undefined> {
        const draft = await repository.drafts.load(owner);
        if (!draft) return undefined;
        if (now().getTime() - draft.updatedAt.getTime() > DRAFT_LIFETIME_DAYS * 86_400_000) {
          await repository.drafts.delete(owner);
          return undefined;
        }
        return { answers: draft.answers as Record<string, unknown>, updatedAt: draft.updatedAt };
      },
      save: (owner: Owner, answers: Record<string, unknown>) => repository.drafts.save(owner, answers as Prisma.InputJsonValue),
      delete: (owner: Owner) => repository.drafts.delete(owner),
      purgeExpired: () => repository.drafts.purgeOlderThan(new Date(now().getTime() - DRAFT_LIFETIME_DAYS * 86_400_000)),
    },

    /** Sensitive answers are sealed before they go into a draft or conversation state. */
    seal: (plain: string) => crypto.seal(plain),
    open: (sealed: string) => crypto.open(sealed),
  };
  return service;
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;

function bytes(buffer: Buffer): string {
  return buffer.toString("base64");
}

// No 0/O, 1/I/L: the code is read out over the phone.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
function newReferenceCode(): string {
  let code = "DK-";
  for (let index = 0; index < 6; index++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A calendar month in Vietnam time (UTC+7): "2026-11" → [2026-10-31T17:00Z, 2026-11-30T17:00Z). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, monthIndex] = month.split("-").map(Number) as [number, number];
  const offset = 7 * 3600_000;
  return {
    from: new Date(Date.UTC(year, monthIndex - 1, 1) - offset),
    to: new Date(Date.UTC(year, monthIndex, 1) - offset),
  };
}
