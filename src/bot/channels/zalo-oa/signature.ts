import { createHash, timingSafeEqual } from "node:crypto";
import { unwrapEvent } from "./events.js";

/**
 * Zalo signs webhooks with `X-ZEvent-Signature: mac=<hex sha256(appId + rawBody + timestamp +
 * OA secret key)>`: a plain hash of the concatenation, not an HMAC (official Java SDK,
 * MacUtils). It is computed on the exact bytes received, so the body must never be
 * re-serialised before checking. Some sources sign with the OA id instead of the app id as
 * the first term [unconfirmed]: the caller may offer both, and learns which one matched.
 */
export function verifyOaSignature(input: {
  rawBody: Buffer;
  header: string | string[] | undefined;
  timestamp: string;
  secretKey: string;
  firstTerms: string[];
}): { valid: true; firstTerm: string } | { valid: false } {
  if (typeof input.header !== "string") return { valid: false };
  const supplied = Buffer.from(input.header.trim().replace(/^mac=/i, "").toLowerCase());
  const body = input.rawBody.toString("utf8");
  for (const firstTerm of input.firstTerms) {
    const expected = Buffer.from(
      createHash("sha256")
        .update(firstTerm + body + input.timestamp + input.secretKey, "utf8")
        .digest("hex"),
    );
    if (expected.length === supplied.length && timingSafeEqual(expected, supplied)) return { valid: true, firstTerm };
  }
  return { valid: false };
}

/**
 * The body's `timestamp` exactly as sent. Zalo sends it as a string (ids and timestamps may
 * exceed 2^53), but if it ever comes as a number its digits are taken from the raw text so
 * that JSON parsing cannot alter them.
 */
export function signedTimestamp(rawBody: Buffer, parsed: { timestamp?: unknown }): string {
  if (typeof parsed.timestamp === "string") return parsed.timestamp;
  const match = /"timestamp"\s*:\s*"?(-?\d+)/.exec(rawBody.toString("utf8"));
  return match?.[1] ?? (parsed.timestamp === undefined ? "" : String(parsed.timestamp));
}

/** A webhook body read as Zalo signed it. */
export type SignedBody =
  | { kind: "not-json" }
  | { kind: "not-object" }
  | { kind: "unsigned" }
  /** `signedAt`: the signed timestamp; `byOaId`: signed with the OA id instead of the app id. */
  | { kind: "signed"; event: unknown; signedAt: string; byOaId: boolean };

/** Parses the exact bytes received and checks their signature (the app id first, else the OA id the event names). */
export function readSignedBody(rawBody: Buffer, header: string | string[] | undefined, keys: { appId: string; oaSecretKey: string }): SignedBody {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { kind: "not-json" };
  }
  if (body === null || typeof body !== "object") return { kind: "not-object" };
  const event = unwrapEvent(body) as { timestamp?: unknown; oa_id?: unknown; recipient?: { id?: unknown } };
  const oaId = typeof event.oa_id === "string" ? event.oa_id : typeof event.recipient?.id === "string" ? event.recipient.id : undefined;
  const signedAt = signedTimestamp(rawBody, event);
  const verdict = verifyOaSignature({
    rawBody,
    header,
    timestamp: signedAt,
    secretKey: keys.oaSecretKey,
    firstTerms: oaId && oaId !== keys.appId ? [keys.appId, oaId] : [keys.appId],
  });
  if (!verdict.valid) return { kind: "unsigned" };
  return { kind: "signed", event, signedAt, byOaId: verdict.firstTerm !== keys.appId };
}
