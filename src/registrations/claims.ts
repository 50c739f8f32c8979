import { randomInt, timingSafeEqual } from "node:crypto";
import type { DirectSql, PrismaClient } from "../db/index.js";
import type { RegistrationCrypto } from "./crypto.js";
import { ACTIVE_STATUSES, createRegistrationRepository, type Owner } from "./repository.js";
import { registrationInput, type RegistrationInput } from "./input.js";
import type { RegistrationService } from "./service.js";

/** How long a one-time code may be typed. */
export const CLAIM_CODE_MINUTES = 10;
/** Wrong codes allowed; the attempt is reserved before the code is compared, so parallel guesses count too. */
export const CLAIM_CODE_ATTEMPTS = 5;
/** A claim waiting for staff is dropped after this. */
export const CLAIM_STAFF_DAYS = 14;
/**
 * Codes sent to one registration's channel per day. Beyond, the request goes to staff
 * instead: a stranger cannot flood the owner with codes.
 */
export const CLAIM_CODES_PER_DAY = 3;

export type ClaimStatus = "awaiting_code" | "awaiting_staff" | "confirmed" | "refused" | "failed";

/** A claim just opened: who must be asked, and the code to send them (never stored in clear). */
export interface OpenedClaim {
  claimId: string;
  referenceCode: string;
  /** The channel account that made the registration: the code goes there. */
  owner: Owner;
  provinceCode: string;
  communeKey: string | null;
  /** Absent when too many codes went to this registration today: the claim waits for staff. */
  code?: string;
}

export type CodeResult =
  | { kind: "confirmed"; referenceCode: string; previousOwner: Owner }
  | { kind: "wrong"; attemptsLeft: number }
  /** Too many wrong codes: the claim is closed. */
  | { kind: "failed" }
  | { kind: "expired" }
  /** No claim waiting for a code from this account. */
  | { kind: "none" }
  /** The registration closed, or its citizen ID is now another active registration's. */
  | { kind: "notApplicable" };

export type StaffDecision =
  | { kind: "confirmed"; referenceCode: string; claimant: Owner; previousOwner: Owner }
  | { kind: "refused"; referenceCode: string; claimant: Owner; previousOwner: Owner }
  | { kind: "notFound" }
  | { kind: "notApplicable" };

/**
 * Claims on a registration from another channel account (issue 14, item 1): the change waits
 * until the owner proves control of the registering channel with a one-time code, or staff
 * confirm it. Until then nothing of the registration changes and it keeps its owner.
 */
export function createRegistrationClaims(deps: {
  prisma: PrismaClient;
  sql: DirectSql;
  crypto: RegistrationCrypto;
  service: Pick<RegistrationService, "applyConfirmedChange">;
  now?: () => Date;
}) {
  const { prisma, crypto, service } = deps;
  const now = deps.now ?? (() => new Date());
  const repository = createRegistrationRepository(prisma, deps.sql);

  async function apply(claim: { id: string; registrationId: string; answers: string; channel: string; channelUserId: string }, actor: string) {
    const input = registrationInput.parse(JSON.parse(crypto.open(claim.answers))) as RegistrationInput;
    return service.applyConfirmedChange(claim.registrationId, input, { channel: claim.channel, userId: claim.channelUserId }, actor);
  }

  return {
    /**
     * Records the claimant's answers for the active registration `referenceCode` and makes a
     * code for its owner. Undefined when that registration is not active (any more).
     */
    async open(referenceCode: string, input: RegistrationInput, claimant: Owner): Promise<OpenedClaim | undefined> {
      const row = await repository.findByReference(referenceCode);
      if (!row?.channelUserId || !(ACTIVE_STATUSES as readonly string[]).includes(row.status)) return undefined;
      const at = now();
      // One open claim per account: an older one is superseded.
      await prisma.registrationClaim.updateMany({
        where: { channel: claimant.channel, channelUserId: claimant.userId, status: { in: ["awaiting_code", "awaiting_staff"] } },
        data: { status: "failed", decidedAt: at, decidedBy: "superseded" },
      });
      const codesToday = await prisma.registrationClaim.count({
        where: { registrationId: row.id, codeHash: { not: null }, createdAt: { gt: new Date(at.getTime() - 86_400_000) } },
      });
      const code = codesToday < CLAIM_CODES_PER_DAY ? String(randomInt(1_000_000)).padStart(6, "0") : undefined;
      const claim = await prisma.registrationClaim.create({
        data: {
          registrationId: row.id,
          channel: claimant.channel,
          channelUserId: claimant.userId,
          answers: crypto.seal(JSON.stringify(input)),
          status: code ? "awaiting_code" : "awaiting_staff",
          expiresAt: new Date(at.getTime() + (code ? CLAIM_CODE_MINUTES * 60_000 : CLAIM_STAFF_DAYS * 86_400_000)),
        },
      });
      if (code) {
        await prisma.registrationClaim.update({ where: { id: claim.id }, data: { codeHash: crypto.oneTimeCodeHash(claim.id, code) } });
      }
      return {
        claimId: claim.id,
        referenceCode,
        owner: { channel: row.channel, userId: row.channelUserId },
        provinceCode: row.provinceCode,
        communeKey: row.communeKey,
        ...(code ? { code } : {}),
      };
    },

    /** The owner's channel could not receive the code (web chat, blocked, outside Zalo's window): staff decide. */
    async handToStaff(claimId: string): Promise<void> {
      await prisma.registrationClaim.updateMany({
        where: { id: claimId, status: "awaiting_code" },
        data: { status: "awaiting_staff", codeHash: null, expiresAt: new Date(now().getTime() + CLAIM_STAFF_DAYS * 86_400_000) },
      });
    },

    /** Whether this account has a claim waiting for its code. */
    async awaitingCode(claimant: Owner): Promise<boolean> {
      return (
        (await prisma.registrationClaim.count({
          where: { channel: claimant.channel, channelUserId: claimant.userId, status: "awaiting_code", expiresAt: { gt: now() } },
        })) > 0
      );
    },

    /** The claimant types the code they received on the registering channel. */
    async enterCode(claimant: Owner, code: string): Promise<CodeResult> {
      const claim = await prisma.registrationClaim.findFirst({
        where: { channel: claimant.channel, channelUserId: claimant.userId, status: "awaiting_code" },
        orderBy: { createdAt: "desc" },
      });
      if (!claim?.codeHash) return { kind: "none" };
      if (claim.expiresAt <= now()) {
        await prisma.registrationClaim.updateMany({
          where: { id: claim.id, status: "awaiting_code" },
          data: { status: "failed", decidedAt: now(), decidedBy: "expired" },
        });
        return { kind: "expired" };
      }
      // Reserve the attempt first: of many parallel guesses, at most CLAIM_CODE_ATTEMPTS are compared.
      const reserved = await prisma.registrationClaim.updateMany({
        where: { id: claim.id, status: "awaiting_code", attempts: { lt: CLAIM_CODE_ATTEMPTS } },
        data: { attempts: { increment: 1 } },
      });
      if (reserved.count === 0) {
        await prisma.registrationClaim.updateMany({
          where: { id: claim.id, status: "awaiting_code" },
          data: { status: "failed", decidedAt: now(), decidedBy: "too many wrong codes" },
        });
        return { kind: "failed" };
      }
      const typed = Buffer.from(crypto.oneTimeCodeHash(claim.id, code.replace(/\s/g, "")), "hex");
      const expected = Buffer.from(claim.codeHash, "hex");
      if (typed.length !== expected.length || !timingSafeEqual(typed, expected)) {
        const used = claim.attempts + 1;
        if (used >= CLAIM_CODE_ATTEMPTS) {
          await prisma.registrationClaim.updateMany({
            where: { id: claim.id, status: "awaiting_code" },
            data: { status: "failed", decidedAt: now(), decidedBy: "too many wrong codes" },
          });
          return { kind: "failed" };
        }
        return { kind: "wrong", attemptsLeft: CLAIM_CODE_ATTEMPTS - used };
      }
      // Confirmed once only, even when the right code arrives twice at once.
      const taken = await prisma.registrationClaim.updateMany({
        where: { id: claim.id, status: "awaiting_code" },
        data: { status: "confirmed", decidedAt: now(), decidedBy: "one-time code", codeHash: null },
      });
      if (taken.count === 0) return { kind: "none" };
      const previous = await repository.findById(claim.registrationId);
      const previousOwner = { channel: previous?.channel ?? "", userId: previous?.channelUserId ?? "" };
      const result = await apply(claim, `citizen:${claimant.channel}`);
      return result.kind === "updated" ? { kind: "confirmed", referenceCode: result.referenceCode, previousOwner } : { kind: "notApplicable" };
    },

    /** Claims waiting for staff, newest first, with the registration's locality for scoping. */
    async awaitingStaff() {
      const claims = await prisma.registrationClaim.findMany({
        where: { status: "awaiting_staff", expiresAt: { gt: now() } },
        orderBy: { createdAt: "desc" },
        take: 200,
      });
      const registrations = await prisma.registration.findMany({
        where: { id: { in: claims.map((claim) => claim.registrationId) } },
        select: { id: true, referenceCode: true, provinceCode: true, communeKey: true },
      });
      const byId = new Map(registrations.map((registration) => [registration.id, registration]));
      return claims.flatMap((claim) => {
        const registration = byId.get(claim.registrationId);
        if (!registration?.referenceCode) return [];
        return [
          {
            id: claim.id,
            referenceCode: registration.referenceCode,
            provinceCode: registration.provinceCode,
            communeKey: registration.communeKey,
            channel: claim.channel,
            createdAt: claim.createdAt,
          },
        ];
      });
    },

    /** Staff checked with the person (by phone, in person) and confirm or refuse the change. */
    async decide(claimId: string, decision: "confirm" | "refuse", actor: string): Promise<StaffDecision> {
      const claim = await prisma.registrationClaim.findUnique({ where: { id: claimId } });
      if (!claim || claim.status !== "awaiting_staff" || claim.expiresAt <= now()) return { kind: "notFound" };
      const taken = await prisma.registrationClaim.updateMany({
        where: { id: claim.id, status: "awaiting_staff" },
        data: { status: decision === "confirm" ? "confirmed" : "refused", decidedAt: now(), decidedBy: actor },
      });
      if (taken.count === 0) return { kind: "notFound" };
      const previous = await repository.findById(claim.registrationId);
      const previousOwner = { channel: previous?.channel ?? "", userId: previous?.channelUserId ?? "" };
      const claimant = { channel: claim.channel, userId: claim.channelUserId };
      if (decision === "refuse") return { kind: "refused", referenceCode: previous?.referenceCode ?? "", claimant, previousOwner };
      const result = await apply(claim, actor);
      return result.kind === "updated" ? { kind: "confirmed", referenceCode: result.referenceCode, claimant, previousOwner } : { kind: "notApplicable" };
    },

    /** The locality of a claim's registration, to keep staff in their scope. */
    async localityOf(claimId: string): Promise<{ provinceCode: string; communeKey: string | null } | undefined> {
      const claim = await prisma.registrationClaim.findUnique({ where: { id: claimId } });
      if (!claim) return undefined;
      const row = await repository.findById(claim.registrationId);
      return row ? { provinceCode: row.provinceCode, communeKey: row.communeKey } : undefined;
    },

    /** Claims are kept a month after they were made (for questions about them), then go. */
    async purgeOlderThan(cutoff: Date): Promise<number> {
      const { count } = await prisma.registrationClaim.deleteMany({ where: { createdAt: { lt: cutoff } } });
      return count;
    },
  };
}

export type RegistrationClaims = ReturnType<typeof createRegistrationClaims>;
