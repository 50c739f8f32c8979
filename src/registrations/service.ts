import { randomInt } from "node:crypto";
import type { DirectSql, PrismaClient } from "../db/index.js";
import type { RegistrationCrypto } from "./crypto.js";
import { createRegistrationDrafts } from "./drafts.js";
import { checkRegistrationInput, RegistrationInvalid, type RegistrationInput } from "./input.js";
import type { Localities } from "./localities.js";
import { createRegistrationCodec, type ExistingRegistration, type RegistrationView, type StaffRecord } from "./registration-codec.js";
import { ACTIVE_STATUSES, createRegistrationRepository, UniqueViolation, type Owner, type RegistrationRow, type RegistrationStatus } from "./repository.js";

export type { Owner, RegistrationStatus };

export class StatusChangeNotAllowed extends Error {
  constructor(from: RegistrationStatus, to: RegistrationStatus) {
    super(`A registration cannot go from ${from} to ${to}`);
    this.name = "StatusChangeNotAllowed";
  }
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

// Forward only; withdrawn and rejected from any active status. Closed ones stay closed:
// the person registers again instead.
const ORDER: RegistrationStatus[] = ["submitted", "contacted", "eligible", "loan_applied", "departed"];
export function canChangeStatus(from: RegistrationStatus, to: RegistrationStatus): boolean {
  if (!(ACTIVE_STATUSES as readonly string[]).includes(from)) return false;
  if (to === "withdrawn" || to === "rejected") return true;
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}

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
  const { columnsOf, existingOf, viewOf, staffRecordOf } = createRegistrationCodec(crypto);
  const validate = (input: RegistrationInput) => checkRegistrationInput(input, { localities, today: now() });

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
      return rows.map(viewOf);
    },

    /** Where the person's latest registration is, for announcements and handoffs. */
    async localityOf(owner: Owner): Promise<{ provinceCode: string; communeKey: string | null } | undefined> {
      const [latest] = await repository.listByOwner(owner);
      return latest ? { provinceCode: latest.provinceCode, communeKey: latest.communeKey } : undefined;
    },

    /** The person withdraws their own registration. False if it is not theirs or not active. */
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
      return rows.map(staffRecordOf);
    },

    drafts: createRegistrationDrafts({ repository, now }),

    /** Sensitive answers are sealed before they go into a draft or conversation state. */
    seal: (plain: string) => crypto.seal(plain),
    open: (sealed: string) => crypto.open(sealed),
  };
  return service;
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;

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
