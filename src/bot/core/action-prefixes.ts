import { MAX_ACTION_BYTES } from "./types.js";

/**
 * A button's action is `<prefix>:<argument>`, and the prefix alone says who handles it: the
 * core's navigation (`menu`, `lang`…), a flow (its id) or a feature's action handler. Two
 * handlers of one prefix would silently misroute every press of one of them, so they are
 * refused when the core is built, before any person presses anything.
 */
export class ActionPrefixClash extends Error {
  override name = "ActionPrefixClash";
}

/** Throws when one prefix is claimed by two owners; one owner may claim a prefix twice (a flow and its own action). */
export function checkActionPrefixes(claims: readonly { owner: string; prefixes: readonly string[] }[]): void {
  const ownerOf = new Map<string, string>();
  for (const { owner, prefixes } of claims) {
    for (const prefix of prefixes) {
      const previous = ownerOf.get(prefix);
      if (previous !== undefined && previous !== owner) {
        throw new ActionPrefixClash(`the button prefix "${prefix}" is claimed by ${previous} and by ${owner}: rename one`);
      }
      ownerOf.set(prefix, owner);
    }
  }
}

/** Joins a prefix and its parts into an action, refusing one longer than Telegram accepts. */
export function packAction(prefix: string, ...parts: (string | number)[]): string {
  const action = [prefix, ...parts].join(":");
  if (Buffer.byteLength(action, "utf8") > MAX_ACTION_BYTES) throw new RangeError(`button action over ${MAX_ACTION_BYTES} bytes: ${action.slice(0, 80)}`);
  return action;
}
