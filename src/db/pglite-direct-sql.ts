import { parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";
import type { DirectSql, SqlParameter } from "./direct-sql.js";

const { serialize } = protocol;

/** Texts built at run time would each take a name: past this many, the rest run unnamed. */
const MAX_PREPARED = 200;

interface Waiting {
  text: string;
  params: SqlParameter[];
  settle(outcome: { results: Results } | { error: unknown }): void;
}

/**
 * DirectSql on PGlite, with prepared statements and group commit. The embedded database runs
 * one statement at a time and each statement on its own is a transaction: its commit writes the
 * write-ahead log, and the call into the database costs about as much as a small statement. So
 * statements that arrive while others are being received — the turns of other people, under
 * load — wait for the end of this turn of the event loop and then go together: one call, one
 * transaction, one commit. Each caller's promise settles only after that commit, so nothing is
 * acknowledged before it is durable. When one statement of a group fails, the group is rolled
 * back whole and its statements run again one by one, so that only the failing one fails and
 * no statement ever runs twice. Alone (no load), a statement waits for no one.
 *
 * Statements run under PGlite's transaction lock as well as its query lock, as `query` does:
 * with the query lock alone, a statement could run inside another caller's open transaction
 * (Prisma's `$transaction`) and be rolled back with it.
 */
export function pgliteDirectSql(client: PGlite): DirectSql {
  let waiting: Waiting[] = [];
  // Each statement's text is parsed and planned once, then run by name: parsing and planning
  // cost more than running these small statements. Our texts are constants, a few dozen.
  const prepared = new Map<string, string>();
  let statementCount = 0;

  function submit(text: string, params: SqlParameter[]): Promise<Results> {
    return new Promise((resolve, reject) => {
      waiting.push({ text, params, settle: (outcome) => ("error" in outcome ? reject(outcome.error) : resolve(outcome.results)) });
      // The first statement to wait books the call; later ones join it until it starts.
      if (waiting.length === 1) setImmediate(runWaiting);
    });
  }

  function runWaiting() {
    void client
      ._runExclusiveTransaction(() =>
        client.runExclusive(async () => {
          const group = waiting;
          waiting = [];
          if (group.length > 1 && (await runTogether(group))) return;
          for (const statement of group) await runAlone(statement);
        }),
      )
      .catch((error: unknown) => {
        // The locks themselves failed (the database closed under us): no statement may wait forever.
        const stranded = waiting;
        waiting = [];
        for (const statement of stranded) statement.settle({ error });
      });
  }

  /** The group in one transaction; false (nothing kept) when a statement failed. */
  async function runTogether(group: Waiting[]): Promise<boolean> {
    let results: Results[];
    try {
      results = await exec(group);
    } catch {
      return false;
    }
    // Committed: every statement gave its result, or (never with our statements) the results
    // cannot be told apart, and the callers learn it rather than read another's rows.
    const matched = results.length === group.length;
    group.forEach((statement, index) =>
      statement.settle(matched ? { results: results[index]! } : { error: new Error("A group of statements gave results that cannot be matched to them") }),
    );
    return true;
  }

  async function runAlone(statement: Waiting) {
    try {
      statement.settle({ results: (await exec([statement]))[0]! });
    } catch (error) {
      statement.settle({ error });
    }
  }

  async function exec(group: Waiting[]): Promise<Results[]> {
    const introduced: string[] = [];
    const parts = group.flatMap(({ text, params }) => {
      let name = prepared.get(text);
      const parsing: Uint8Array[] = [];
      if (name === undefined) {
        name = prepared.size < MAX_PREPARED ? `direct_${++statementCount}` : "";
        parsing.push(serialize.parse({ text, name }));
        if (name) {
          prepared.set(text, name);
          introduced.push(text);
        }
      }
      return [
        ...parsing,
        serialize.bind({ statement: name, values: params.map((value) => (value === null ? null : String(value))) }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
      ];
    });
    try {
      // One Sync at the end: PostgreSQL runs the statements before it as one implicit transaction.
      const { messages } = await client.execProtocol(concat([...parts, serialize.sync()]));
      return parse.parseResults(messages, client.parsers);
    } catch (error) {
      // After an error PostgreSQL skips the rest of the message: a statement named here may not
      // exist. It is prepared again, under a new name, the next time it runs.
      for (const text of introduced) prepared.delete(text);
      throw error;
    }
  }

  return {
    query: async <T>(text: string, params: SqlParameter[]) => (await submit(text, params)).rows as T[],
    // `rowCount` is the statement's own count; PGlite's `affectedRows` adds up a whole message.
    execute: async (text, params) => {
      const results = await submit(text, params);
      return (results as Results & { rowCount?: number }).rowCount ?? results.affectedRows ?? 0;
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
