import type { z } from "zod";
import { packAction } from "./action-prefixes.js";

/**
 * Typed button actions. A feature declares, per kind of button, the parts its action carries
 * (each a zod schema, in wire order); the codec packs a typed payload into
 * `<prefix>:<kind><sep><part>…` through `packAction` (which refuses more than 64 bytes) and
 * unpacks the argument the core hands back, refusing anything malformed. The wire format is
 * the one the buttons already in people's chats carry, so old buttons keep working.
 */

type Parts = Record<string, z.ZodType<string | number | boolean>>;
type Spec = Record<string, Parts>;

/** One unpacked action: its kind and its typed parts. */
export type ActionOf<S extends Spec> = { [K in keyof S & string]: { kind: K } & { [P in keyof S[K]]: z.output<S[K][P]> } }[keyof S & string];
/** The parts to pack for one kind. */
export type PartsOf<S extends Spec, K extends keyof S> = { [P in keyof S[K]]: z.input<S[K][P]> };

export interface ActionCodec<S extends Spec> {
  readonly prefix: string;
  /** The declaration, for `ActionOf<typeof codec.spec>`. */
  readonly spec: S;
  pack<K extends keyof S & string>(kind: K, ...parts: keyof S[K] extends never ? [] : [PartsOf<S, K>]): string;
  /** The same as `pack`, from an unpacked action (`{ kind, ...parts }`). */
  encode(action: ActionOf<S>): string;
  /** The action of a pressed button of this prefix (without the prefix), or undefined when it is not one of ours. */
  unpack(argument: string): ActionOf<S> | undefined;
}

/**
 * @example
 * const actions = actionCodec("ann", { menu: {}, u: { topic: z.string().min(1) } });
 * actions.pack("u", { topic: "jobs" }); // "ann:u:jobs"
 * actions.unpack("u:jobs"); // { kind: "u", topic: "jobs" }
 */
export function actionCodec<const S extends Spec>(prefix: string, spec: S, options: { separator?: ":" | "." } = {}): ActionCodec<S> {
  const separator = options.separator ?? ":";
  return {
    prefix,
    spec,
    pack(kind, ...rest) {
      const parts: Record<string, unknown> = rest[0] ?? {};
      return packAction(prefix, [kind, ...Object.keys(spec[kind] ?? {}).map((name) => wire(parts[name]))].join(separator));
    },
    encode(action) {
      const parts: Record<string, unknown> = action;
      const values = Object.keys(spec[action.kind] ?? {}).map((name) => wire(parts[name]));
      return packAction(prefix, [action.kind, ...values].join(separator));
    },
    unpack(argument) {
      const [kind = "", ...pieces] = argument.split(separator);
      if (!Object.hasOwn(spec, kind)) return undefined;
      const parts = parseParts(spec[kind] ?? {}, pieces, separator);
      return parts && ({ kind, ...parts } as ActionOf<S>);
    },
  };
}

/**
 * An action without kinds: one fixed list of parts (`loanmore:0.1.2.150000000.0.36`).
 * @example
 * const details = tupleActionCodec("loanmore", { applicant: z.string() }, { separator: "." });
 */
export function tupleActionCodec<const P extends Parts>(prefix: string, parts: P, options: { separator?: ":" | "." } = {}) {
  const separator = options.separator ?? ":";
  return {
    prefix,
    pack(values: { [K in keyof P]: z.input<P[K]> }): string {
      const given: Record<string, unknown> = values;
      return packAction(
        prefix,
        Object.keys(parts)
          .map((name) => wire(given[name]))
          .join(separator),
      );
    },
    unpack(argument: string): { [K in keyof P]: z.output<P[K]> } | undefined {
      return parseParts(parts, argument.split(separator), separator) as { [K in keyof P]: z.output<P[K]> } | undefined;
    },
  };
}

/** The parts in wire order, each checked by its schema; the last keeps any separator it holds. */
function parseParts(parts: Parts, pieces: string[], separator: string): Record<string, unknown> | undefined {
  const names = Object.keys(parts);
  if (names.length ? pieces.length < names.length : pieces.length > 0) return undefined;
  const values = names.length ? [...pieces.slice(0, names.length - 1), pieces.slice(names.length - 1).join(separator)] : [];
  const parsed: Record<string, unknown> = {};
  for (const [index, name] of names.entries()) {
    const result = parts[name]?.safeParse(values[index]);
    if (!result?.success) return undefined;
    parsed[name] = result.data;
  }
  return parsed;
}

function wire(value: unknown): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}
