import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Staff passwords are stored as scrypt hashes: `scrypt$N$r$p$salt$hash` (salt and hash in
 * base64). The parameters travel with the hash, so they can be raised later without
 * invalidating existing accounts.
 */
const defaults = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFC"), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, defaults);
  return ["scrypt", defaults.N, defaults.r, defaults.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scrypt(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export class PasswordCheckBusy extends Error {
  constructor() {
    super("too many password checks waiting");
    this.name = "PasswordCheckBusy";
  }
}

/**
 * scrypt runs on libuv's small thread pool (4 threads, shared with file and DNS work) and
 * takes about 100 ms and 32 MB per call: a login flood would otherwise starve the bot. Hashes
 * run `concurrency` at a time; at most `maxWaiting` wait, beyond which `PasswordCheckBusy`.
 */
export function createPasswordHasher(options: { concurrency: number; maxWaiting: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];

  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= options.concurrency) {
      if (waiting.length >= options.maxWaiting) throw new PasswordCheckBusy();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    hash: (password: string) => limited(() => hashPassword(password)),
    verify: (password: string, stored: string) => limited(() => verifyPassword(password, stored)),
    /** Hashes running now and waiting (for tests and metrics). */
    load: () => ({ running, waiting: waiting.length }),
  };
}
export type PasswordHasher = ReturnType<typeof createPasswordHasher>;

/** Checked against when the username does not exist, so both cases take the same time. */
export const unknownUserHash = `scrypt$${defaults.N}$${defaults.r}$${defaults.p}$${randomBytes(16).toString("base64")}$${randomBytes(KEY_LENGTH).toString("base64")}`;

/** Staff choose their own passwords; this is the minimum we accept. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return "must be at least 10 characters";
  if (password.length > 200) return "must be at most 200 characters";
  if (/^(.)\1+$/.test(password)) return "must not repeat one character";
  return undefined;
}
