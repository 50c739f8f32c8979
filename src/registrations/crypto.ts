import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** An AES-256-GCM ciphertext with its nonce and authentication tag, as stored in three columns. */
export interface Sealed {
  cipher: Buffer;
  iv: Buffer;
  tag: Buffer;
}

export interface RegistrationCrypto {
  encrypt(plain: string): Sealed;
  /** Throws when the data was altered or the key is not the one that encrypted it. */
  decrypt(sealed: Sealed): string;
  /** The same encryption as one compact string, for answers kept in JSON (drafts). */
  seal(plain: string): string;
  open(sealed: string): string;
  /** Keyed hash of a citizen ID: equal IDs give equal hashes, and nobody without the key can test guesses. */
  citizenIdHash(citizenId: string): string;
  /** Keyed hash of a one-time code, bound to what it confirms (`context`): a copy of the table does not give the code. */
  oneTimeCodeHash(context: string, code: string): string;
}

export class RegistrationKeyMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationKeyMissing";
  }
}

const SEALED_PREFIX = "v1.";

/**
 * One configured 32-byte master key; the encryption key and the hashing key are derived
 * from it (HKDF) so that neither use weakens the other.
 */
export function createRegistrationCrypto(masterKey: Buffer): RegistrationCrypto {
  if (masterKey.length !== 32) throw new RegistrationKeyMissing("The registration key must be exactly 32 bytes.");
  const encryptionKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "registrations/aes-256-gcm", 32));
  const hashKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "registrations/citizen-id-hmac", 32));
  const codeKey = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "registrations/one-time-code-hmac", 32));

  function encrypt(plain: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return { cipher: body, iv, tag: cipher.getAuthTag() };
  }
  function decrypt(sealed: Sealed): string {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey, sealed.iv);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.cipher), decipher.final()]).toString("utf8");
  }
  return {
    encrypt,
    decrypt,
    seal(plain) {
      const { cipher, iv, tag } = encrypt(plain);
      return `${SEALED_PREFIX}${iv.toString("base64url")}.${tag.toString("base64url")}.${cipher.toString("base64url")}`;
    },
    open(sealed) {
      const [iv, tag, cipher] = sealed.slice(SEALED_PREFIX.length).split(".");
      if (!sealed.startsWith(SEALED_PREFIX) || !iv || !tag || cipher === undefined) throw new Error("not a sealed value");
      return decrypt({ iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url"), cipher: Buffer.from(cipher, "base64url") });
    },
    citizenIdHash: (citizenId) => createHmac("sha256", hashKey).update(citizenId).digest("hex"),
    oneTimeCodeHash: (context, code) => createHmac("sha256", codeKey).update(`${context}\n${code}`).digest("hex"),
  };
}

export const KEY_FILE_NAME = "registration.key";

/**
 * The embedded default: the key lives beside the data, created once, readable only by the
 * owner. Losing this file makes stored citizen IDs and phones unreadable, so it is never
 * replaced: a damaged file stops the start-up instead.
 */
export function loadOrCreateKeyFile(
  dataDir: string,
  onWarning: (message: string) => void = () => undefined,
  /** Called when this call wrote a new key: the start-up message tells the person to back it up. */
  onCreated: (file: string) => void = () => undefined,
): Buffer {
  const file = path.join(dataDir, KEY_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    onCreated(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    onWarning(`${file} was readable by other users; its mode is now 0600`);
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) {
    throw new RegistrationKeyMissing(`${file} does not hold a 32-byte base64 key. Restore it from a backup; without it the stored citizen IDs cannot be read.`);
  }
  return key;
}
