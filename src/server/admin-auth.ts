import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The admin API's bearer check until the staff console brings accounts: 503 while no token
 * is configured (the API is off), 401 with `www-authenticate` for a missing or wrong token.
 * A Fastify `onRequest` hook, so every admin route shares this one implementation.
 */
export function requireAdminToken(token: string | undefined) {
  const expected = token ? digest(token) : undefined;
  return async function checkAdminToken(request: FastifyRequest, reply: FastifyReply) {
    if (!expected) {
      return reply.code(503).send({ error: "the admin API is off: set ADMIN_API_TOKEN to turn it on" });
    }
    const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    // Compare digests: equal length, constant time, whatever the caller sent.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="admin"').send({ error: "a valid bearer token is required" });
    }
  };
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
