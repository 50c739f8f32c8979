import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A fixed-length fingerprint of a secret. Comparing digests instead of the secrets keeps the
 * comparison constant-time whatever length the caller sent (timingSafeEqual needs equal lengths).
 */
export function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** True when `given` is the secret whose digest is `expected`; anything but a string is not. */
export function matchesSecret(given: unknown, expected: Buffer): boolean {
  return typeof given === "string" && timingSafeEqual(digest(given), expected);
}
