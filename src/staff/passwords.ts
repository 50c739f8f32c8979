import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { removeDiacritics } from "../shared/index.js";

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
 * A `priority` check (a browser the account logged in from before) goes ahead of the others
 * and is never turned away, so a flood of strangers' attempts does not keep staff out.
 */
export function createPasswordHasher(options: { concurrency: number; maxWaiting: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const waitingFirst: (() => void)[] = [];

  async function limited<T>(work: () => Promise<T>, priority: boolean): Promise<T> {
    if (running >= options.concurrency) {
      if (!priority && waiting.length >= options.maxWaiting) throw new PasswordCheckBusy();
      await new Promise<void>((resolve) => (priority ? waitingFirst : waiting).push(resolve));
    } else {
      running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = waitingFirst.shift() ?? waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    /** Whether a check without priority would be turned away now: callers skip their own work first. */
    full: () => running >= options.concurrency && waiting.length >= options.maxWaiting,
    hash: (password: string) => limited(() => hashPassword(password), false),
    verify: (password: string, stored: string, priority = false) => limited(() => verifyPassword(password, stored), priority),
    /** Hashes running now and waiting (for tests and metrics). */
    load: () => ({ running, waiting: waiting.length + waitingFirst.length }),
  };
}
export type PasswordHasher = ReturnType<typeof createPasswordHasher>;

/** Checked against when the username does not exist, so both cases take the same time. */
export const unknownUserHash = `scrypt$${defaults.N}$${defaults.r}$${defaults.p}$${randomBytes(16).toString("base64")}$${randomBytes(KEY_LENGTH).toString("base64")}`;

/**
 * The one password rule, for the accounts API and `admin:create` alike. Length is not enough:
 * "1234567890" is ten characters and the first thing anyone tries. What is left once the
 * predictable parts are taken out — runs of the alphabet, digits or a keyboard row (either
 * way), repeated characters or chunks, years, common words, the account's own names — must still be
 * `MIN_UNPREDICTABLE` characters. A few unrelated words ("ba con mèo trên mái nhà") pass easily.
 */
export function passwordProblem(password: string, context: string[] = []): string | undefined {
  if (password.length < 10) return "must be at least 10 characters";
  if (password.length > 200) return "must be at most 200 characters";
  if (/^(.)\1+$/.test(password)) return "must not repeat one character";
  if (unpredictableLength(password, context) < MIN_UNPREDICTABLE) {
    return "is too easy to guess (a sequence such as 1234… or qwerty…, a repeated pattern, a common word or the account's name): a few unrelated words make a good password";
  }
  return undefined;
}

const MIN_UNPREDICTABLE = 4;
const SEQUENCES = ["abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv5tgb"];
const COMMON_WORDS = [
  "password",
  "passw0rd",
  "matkhau",
  "admin",
  "administrator",
  "welcome",
  "letmein",
  "iloveyou",
  "abc",
  "xkld",
  "canbo",
  "quantri",
  "vietnam",
  "hello",
];

function unpredictableLength(password: string, context: string[]): number {
  const fold = (text: string) =>
    removeDiacritics(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "");
  let rest = fold(password);
  const words = [...COMMON_WORDS, ...context.flatMap((item) => [fold(item), ...item.split(/[^\p{L}\p{N}]+/u).map(fold)])].filter((word) => word.length >= 3);
  for (const word of words.sort((a, b) => b.length - a.length)) rest = rest.split(word).join(" ");
  // A chunk of up to four characters said again and again ("abab…", "123123…"), and years.
  rest = rest.replace(/(.{1,4}?)\1{2,}/g, " ").replace(/(19|20)\d\d/g, " ");
  return rest.split(" ").map(withoutSequences).join("").length;
}

/** Takes out every run of three or more characters that follows one of SEQUENCES, forwards or backwards. */
function withoutSequences(text: string): string {
  const inSequence = (run: string) => SEQUENCES.some((sequence) => sequence.includes(run) || [...sequence].reverse().join("").includes(run));
  let kept = "";
  let index = 0;
  while (index < text.length) {
    let end = index + 3;
    if (end <= text.length && inSequence(text.slice(index, end))) {
      while (end < text.length && inSequence(text.slice(index, end + 1))) end++;
      index = end;
    } else {
      kept += text[index];
      index++;
    }
  }
  return kept;
}
