import { parse, protocol, type PGlite } from "@electric-sql/pglite";
import type { DirectSql, SqlParameter } from "./direct-sql.js";

const { serialize } = protocol;

/**
 * DirectSql on PGlite, each statement in one call into the database: `PGlite.query` makes six
 * (parse, describe, bind, describe, execute, sync), about a third of a small query's cost.
 * Parameters go as text and the server types them from the statement, as the pg driver does;
 * rows are parsed by PGlite's own parsers.
 */
export function pgliteDirectSql(client: PGlite): DirectSql {
  async function run(text: string, params: SqlParameter[]) {
    const message = concat([
      serialize.parse({ text }),
      serialize.bind({ values: params.map((value) => (value === null ? null : String(value))) }),
      serialize.describe({ type: "P" }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    // execProtocol takes no lock of its own: queue behind other queries, as `query` does.
    const { messages } = await client.runExclusive(() => client.execProtocol(message));
    return parse.parseResults(messages, client.parsers)[0]!;
  }
  return {
    query: async <T>(text: string, params: SqlParameter[]) => (await run(text, params)).rows as T[],
    execute: async (text, params) => (await run(text, params)).affectedRows ?? 0,
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
