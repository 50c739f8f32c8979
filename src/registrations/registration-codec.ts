import { maskCitizenId, maskPhone } from "../shared/index.js";
import type { RegistrationCrypto } from "./crypto.js";
import type { RegistrationInput } from "./input.js";
import { ACTIVE_STATUSES, type Owner, type RegistrationColumns, type RegistrationRow, type RegistrationStatus } from "./repository.js";

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

/** A registration decrypted for the staff's monthly list. */
export interface StaffRecord extends Omit<RegistrationInput, "consentAt" | "consentVersion" | "communeKey"> {
  referenceCode: string;
  status: RegistrationStatus;
  note: string | null;
  createdAt: Date;
}

/**
 * Between answers and stored rows: the citizen ID and phone encrypted on the way in (the ID
 * also hashed, to find duplicates without decrypting), and decrypted on the way out — masked
 * for the person, whole for staff.
 */
export function createRegistrationCodec(crypto: RegistrationCrypto) {
  function decryptField(row: RegistrationRow, field: "citizenId" | "phone"): string {
    const cipher = row[`${field}Cipher`];
    const iv = row[`${field}Iv`];
    const tag = row[`${field}Tag`];
    if (!cipher || !iv || !tag) return "";
    return crypto.decrypt({ cipher: Buffer.from(cipher, "base64"), iv: Buffer.from(iv, "base64"), tag: Buffer.from(tag, "base64") });
  }

  return {
    columnsOf(input: RegistrationInput, owner: Owner): RegistrationColumns {
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
    },

    existingOf(row: RegistrationRow, owner: Owner): ExistingRegistration {
      return {
        referenceCode: row.referenceCode!,
        status: row.status,
        createdAt: row.createdAt,
        sameOwner: row.channel === owner.channel && row.channelUserId === owner.userId,
      };
    },

    viewOf(row: RegistrationRow): RegistrationView {
      return {
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
      };
    },

    staffRecordOf(row: RegistrationRow): StaffRecord {
      return {
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
      };
    },
  };
}

export type RegistrationCodec = ReturnType<typeof createRegistrationCodec>;

function bytes(buffer: Buffer): string {
  return buffer.toString("base64");
}
