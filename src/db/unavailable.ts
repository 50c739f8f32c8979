/**
 * Whether an error means "the database cannot be reached right now" (connection refused,
 * dropped or timed out; the server shutting down or starting; too many connections; a full
 * disk) rather than a bug or bad data. Such errors answer 503 so that clients retry later.
 * Errors arrive from three places: Prisma (with the driver adapter's error in `meta`), the pg
 * driver (Node socket codes and PostgreSQL SQLSTATEs), and PGlite.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: unknown };
    const code = typeof candidate.code === "string" ? candidate.code : "";
    if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code)) return true;
    const kind = candidate.meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof candidate.message === "string" && MESSAGES.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}

// P1001 cannot reach, P1002 timed out, P1008 operation timed out, P1017 connection closed,
// P2024 no connection free in the pool in time.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENOSPC"]);
// Class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up), 53 (insufficient resources).
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53[0-9A-Z]{3})$/;
const ADAPTER_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Server has closed the connection|No space left on device|Can't reach database server/i;
