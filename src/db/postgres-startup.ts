import type pg from "pg";

/** PostgreSQL could not be reached or refused us, said in one line an IT officer can act on. */
export class DatabaseUnavailable extends Error {
  constructor(
    message: string,
    /** "configuration": the URL, password or database is wrong; "unreachable": the server is not there (yet). */
    readonly kind: "configuration" | "unreachable",
  ) {
    super(message);
    this.name = "DatabaseUnavailable";
  }
}

export interface StartupWait {
  /** How long to keep trying, in all; 0: once. */
  waitMs: number;
  /** Told about each failed attempt before the next: one readable line and the pause. */
  onWaiting?: (problem: string, retryInMs: number) => void;
}

const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 10_000;

/**
 * Waits until PostgreSQL answers. A database that starts after the app (a reboot, a container
 * started alongside) is normal, so every connection problem is retried with a growing pause
 * until `waitMs` has passed; a wrong password or a missing database too, since an officer may be
 * fixing it. Then the last problem is thrown as `DatabaseUnavailable`, for one readable line.
 */
export async function waitForPostgres(pool: pg.Pool, url: string, wait: StartupWait, setting = "DATABASE_URL"): Promise<void> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const deadline = Date.now() + wait.waitMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      await pool.query("SELECT 1");
      return;
    } catch (error) {
      const problem = describePostgresProblem(error, url, setting);
      const left = deadline - Date.now();
      if (left <= 0) throw new DatabaseUnavailable(`Cannot use the database: ${problem.text}.`, problem.kind);
      const retryIn = Math.min(pause, left);
      wait.onWaiting?.(problem.text, retryIn);
      await sleep(retryIn);
    }
  }
}

/** What went wrong, naming the server, user and database of the URL but never its password. */
export function describePostgresProblem(error: unknown, url: string, setting = "DATABASE_URL"): { text: string; kind: DatabaseUnavailable["kind"] } {
  const target = new URL(url);
  const server = `PostgreSQL at ${target.hostname}:${target.port || "5432"}`;
  const user = decodeURIComponent(target.username) || "(none)";
  const database = decodeURIComponent(target.pathname.replace(/^\//, "")) || user;
  const failure = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = failure.code ?? failure.errors?.find((inner) => inner.code)?.code ?? "";
  const message = String(failure.message ?? error).split("\n")[0]!;
  const unreachable = (text: string) => ({ text, kind: "unreachable" as const });
  const configuration = (text: string) => ({ text, kind: "configuration" as const });
  switch (code) {
    case "ECONNREFUSED":
      return unreachable(`${server} refused the connection (is it running, and listening on that address?)`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return unreachable(`the host "${target.hostname}" of ${setting} was not found`);
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return unreachable(`${server} cannot be reached from this machine (${code})`);
    case "ECONNRESET":
    case "EPIPE":
      return unreachable(`${server} closed the connection as it opened`);
    case "57P03":
      return unreachable(`${server} is starting up`);
    case "53300":
      return unreachable(`${server} has too many connections`);
    case "3D000":
      return configuration(`the database "${database}" does not exist on ${server} (create it: see docs/deployment.md)`);
    case "28P01":
      return configuration(`${server} refused the password of user "${user}" (check ${setting})`);
    case "28000":
      // The server's own words say which: "role … does not exist", or "no pg_hba.conf entry … no encryption".
      return configuration(`${server} refused user "${user}": ${message}`);
    case "42501":
      return configuration(`user "${user}" may not connect to the database "${database}" on ${server}`);
  }
  if (/timeout/i.test(message)) return unreachable(`${server} did not answer in time`);
  if (/terminated/i.test(message)) return unreachable(`${server} closed the connection`);
  if (/SSL|TLS|certificate/i.test(message) || /CERT|TLS/.test(code))
    return configuration(`secure connection to ${server} failed: ${message} (check sslmode in ${setting})`);
  return unreachable(`${server}: ${message}`);
}
