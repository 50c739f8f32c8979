import type { Logger } from "pino";
import { z } from "zod";
import type { FlowTurn, Locale } from "../../core/index.js";
import type { Localities, RegistrationClaims, RegistrationService } from "../../../registrations/index.js";
import { formDataSchema, type FieldId } from "./form.js";

/** Stored with each registration: which consent text the person agreed to. */
export const CONSENT_VERSION = "2026-11-v1";

export interface RegistrationFeatureOptions {
  service: RegistrationService;
  localities: Localities;
  logger: Logger;
  now?: () => Date;
  /** Changes asked from another account than the registering one wait for proof (issue 14). */
  claims?: RegistrationClaims;
  /** How the registering account is told and staff are asked; without it, every claim waits for staff. */
  contact?: ClaimContact;
  /** /xoadulieu reaches beyond registrations: the person's handoff threads, a vacuum of the embedded database. */
  afterErase?: (person: Person) => Promise<void>;
  /** What staff recorded since (loan, support, departure), in the person's words, for /trangthai. */
  outcomeLines?: (referenceCode: string, locale: Locale) => Promise<string[]>;
}

/** The options with the clock settled: what each part of the feature is built from. */
export type RegistrationDeps = Omit<RegistrationFeatureOptions, "now"> & { now: () => Date };

export type Person = { channel: string; userId: string };

/** What the registration feature needs from the channels and the staff inbox for claims. */
export interface ClaimContact {
  /** Pushes a text (a locale key, rendered in Vietnamese) to a person; false when their channel cannot receive it. */
  notify(person: Person, key: string, params: Record<string, string | number>): Promise<boolean>;
  /** Puts a note before the staff of the registration's locality (a handoff in the inbox). */
  askStaff(
    claimant: Person,
    locality: { provinceCode: string; communeKey: string | null },
    key: string,
    params: Record<string, string | number>,
  ): Promise<void>;
}

/** The flow's working data: the form plus what the current step needs to show itself. */
export const registrationData = formDataSchema.extend({
  /** The active registration the person already has, offered for update. */
  existingCode: z.string().optional(),
  /** When the draft offered for resuming was saved (ISO). */
  pendingResume: z.string().optional(),
});
export type RegistrationData = z.infer<typeof registrationData>;

/** The steps besides the questions of the form. */
export const DECISION_STEPS = ["resume", "existing", "consent", "ageRefused", "nameCheck", "duplicate", "summary", "editPick", "claimCode"] as const;
export type RegistrationStep = FieldId | (typeof DECISION_STEPS)[number];
export type RegistrationTurn = FlowTurn<RegistrationData, RegistrationStep>;
