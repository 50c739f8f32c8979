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
      const names = Object.keys(spec[kind]!);
      // The last part keeps any separator it holds (an id with a colon), as the old parsers did.
      const values = names.length ? [...pieces.slice(0, names.length - 1), pieces.slice(names.length - 1).join(separator)] : [];
      if (names.length && pieces.length < names.length) return undefined;
      if (!names.length && pieces.length) return undefined;
      const parsed: Record<string, unknown> = { kind };
      for (const [index, name] of names.entries()) {
        const result = spec[kind]![name]!.safeParse(values[index]);
        if (!result.success) return undefined;
        parsed[name] = result.data;
      }
      return parsed as ActionOf<S>;
    },
  };
}

function wire(value: unknown): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}
