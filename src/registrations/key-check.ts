import { createHmac, hkdfSync } from "node:crypto";
import type { PrismaClient } from "../db/index.js";
import { createRegistrationCrypto } from "./crypto.js";

const PURPOSE = "registrations";

/** The database was first used with another registration key: nothing sealed in it can be read with this one. */
export class RegistrationKeyMismatch extends Error {
  constructor(keySource: string) {
    super(
      `${keySource} is not the key this database was encrypted with: the database was first used with another key ` +
        "(a fingerprint of it is stored in the database). Start with the original key, from your backup: with another key " +
        'the citizen IDs and phones already stored cannot be read. See docs/deployment.md, "Backing up and restoring".',
    );
    this.name = "RegistrationKeyMismatch";
  }
}

/**
 * Checks that `key` is the key the database's personal data is sealed with, before anything is
 * served. The first start records a fingerprint of the key (an HMAC under a key derived from it,
 * which reveals nothing of the key itself). A database used before fingerprints existed is
 * checked against the data it holds: one sealed value must open with the key.
 * `keySource` names where the key came from, for the message.
 */
export async function verifyRegistrationKey(options: { prisma: PrismaClient; key: Buffer; keySource?: string }): Promise<void> {
  const { prisma } = options;
  const mismatch = () => new RegistrationKeyMismatch(options.keySource ?? "REGISTRATION_ENCRYPTION_KEY");
  const fingerprint = fingerprintOf(options.key);
  const stored = await prisma.registrationKeyFingerprint.findUnique({ where: { purpose: PURPOSE } });
  if (stored) {
    if (stored.fingerprint !== fingerprint) throw mismatch();
    return;
  }
  if (!(await opensExistingData(prisma, options.key))) throw mismatch();
  // Two instances starting together with different keys: the first to write wins, the other is refused.
  await prisma.registrationKeyFingerprint.createMany({ data: [{ purpose: PURPOSE, fingerprint }], skipDuplicates: true });
  const winner = await prisma.registrationKeyFingerprint.findUniqueOrThrow({ where: { purpose: PURPOSE } });
  if (winner.fingerprint !== fingerprint) throw mismatch();
}

function fingerprintOf(key: Buffer): string {
  const fingerprintKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "registrations/key-fingerprint", 32));
  return `v1:${createHmac("sha256", fingerprintKey).update("xkld-assistant registration key").digest("hex")}`;
}

/** True when the database holds nothing sealed yet, or when its first sealed value opens with `key`. */
async function opensExistingData(prisma: PrismaClient, key: Buffer): Promise<boolean> {
  const crypto = createRegistrationCrypto(key);
  const registration = await prisma.registration.findFirst({
    where: { citizenIdCipher: { not: null }, citizenIdIv: { not: null }, citizenIdTag: { not: null } },
    select: { citizenIdCipher: true, citizenIdIv: true, citizenIdTag: true },
  });
  if (registration) {
    return opens(() =>
      crypto.decrypt({
        cipher: Buffer.from(registration.citizenIdCipher!, "base64"),
        iv: Buffer.from(registration.citizenIdIv!, "base64"),
        tag: Buffer.from(registration.citizenIdTag!, "base64"),
      }),
    );
  }
  // Unfinished forms keep their sensitive answers sealed ("v1.…") inside JSON.
  for (const draft of await prisma.registrationDraft.findMany({ select: { answers: true }, take: 20 })) {
    const sealed = Object.values((draft.answers ?? {}) as Record<string, unknown>).find(
      (value): value is string => typeof value === "string" && value.startsWith("v1."),
    );
    if (sealed) return opens(() => crypto.open(sealed));
  }
  return true;
}

function opens(attempt: () => string): boolean {
  try {
    attempt();
    return true;
  } catch {
    return false;
  }
}
