import { maskPersonalData } from "../shared/index.js";

// A passport number: one or two letters then 7–8 digits (Vietnamese ones are like C1234567).
const passport = /\b[A-Za-z]{1,2}\d{7,8}\b/g;
const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// (Not /i: with it \p{Lu} would match lower case too, and every word after "em là" would go.)
// A name someone gives: "tên em là Nguyễn Văn An", "tôi là Trần Thị B", "họ tên: Lê Văn C".
const namedPerson =
  /((?:[Hh]ọ và tên|[Hh]ọ tên|[Tt]ên (?:em|tôi|tui|mình|con|cháu|anh|chị)(?: là)?|[Tt]ên là|(?:[Ee]m|[Tt]ôi|[Tt]ui|[Mm]ình|[Cc]on|[Cc]háu) (?:là|tên))\s*:?\s*)((?:\p{Lu}[\p{L}]*)(?:\s+\p{Lu}[\p{L}]*){0,4})/gu;

export const maskedName = "[tên đã ẩn]";

/**
 * Everything sent to a model passes through here: citizen IDs and phones (the project's own
 * masking), passport numbers, e-mail addresses and names a person introduces themself with.
 * The model needs none of them to find an entry, and the server may belong to someone else.
 */
export function maskForModel(text: string): string {
  return maskPersonalData(text)
    .replace(email, "[email đã ẩn]")
    .replace(passport, "[số đã ẩn]")
    .replace(namedPerson, (_match, cue: string) => `${cue}${maskedName}`);
}
