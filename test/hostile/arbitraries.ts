import fc from "fast-check";

/**
 * Characters that break naive text handling: bidirectional overrides and marks, zero-width
 * joiners and spaces, a byte-order mark, combining marks (alone and stacked), lone UTF-16
 * surrogates, NUL and other controls, the characters spreadsheets treat as formulas, and the
 * Vietnamese letters and digits real input is made of.
 */
const awkwardCharacters = [
  "\u200f",
  "\u200e",
  "\u202e",
  "\u2066",
  "\u200d",
  "\u200b",
  "\ufeff",
  "\u0301",
  "\u0323",
  "\u0303",
  "\ud800",
  "\udfff",
  "\u0000",
  "\u0007",
  "\u001b",
  "\r",
  "\n",
  "\t",
  "\u2028",
  "\u00a0",
  "\u3000",
  "=",
  "+",
  "-",
  "@",
  '"',
  ",",
  ";",
  "'",
  "<",
  ">",
  "&",
  "/",
  "\\",
  "%",
  "{",
  "}",
  "đ",
  "Đ",
  "ư",
  "ơ",
  "ă",
  "ệ",
  "ỹ",
  "😀",
  "👩‍👩‍👧",
  "٣",
  "１",
];

const awkwardCharacter = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...awkwardCharacters) },
  { weight: 2, arbitrary: fc.constantFrom(..."0123456789 .,triệutỷkmnamtháng") },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  // Any UTF-16 code unit, lone surrogates included.
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) },
);

/** Arbitrary Unicode text, biased towards what breaks parsers. */
export const hostileText = (maxLength = 80) => fc.string({ unit: awkwardCharacter, maxLength });

/** Text that is a valid value with awkward characters wrapped around or inside it. */
export const decorated = (core: fc.Arbitrary<string>) =>
  fc.tuple(hostileText(4), core, hostileText(4)).map(([before, value, after]) => `${before}${value}${after}`);

/** Any JSON value, with hostile strings for keys and values. */
export const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    hostileText(40),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        hostileText(12),
        fc.constantFrom("message", "text", "chat", "from", "id", "event_name", "update_id", "result", "ok", "sender", "timestamp", "__proto__", "constructor"),
      ),
      tie("value"),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** `depth` levels of nested arrays or objects, as a raw JSON text (JSON.stringify would recurse). */
export function deeplyNested(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}
