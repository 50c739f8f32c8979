/**
 * Personal data as it may be shown or kept: citizen IDs and phones masked on screen, and
 * ID-like numbers masked in free text before it is stored anywhere.
 */

/** What a masked number reads as. */
export const maskedNumber = "[số đã ẩn]";

/**
 * Phone numbers and ID-like numbers (9–12 digits, with or without separators) are masked
 * before a question is kept anywhere: people paste their CCCD or phone into questions.
 */
export function maskPersonalData(text: string): string {
  return text.replace(/(?<!\d)\+?\d(?:[\s.-]?\d){8,11}(?!\d)/g, (match) => {
    const digits = match.replace(/\D/g, "");
    return digits.length >= 9 && digits.length <= 12 ? maskedNumber : match;
  });
}

/** Only the last 3 digits stay visible: enough for a person to recognise their own ID. */
export function maskCitizenId(citizenId: string): string {
  return `${"*".repeat(Math.max(citizenId.length - 3, 0))}${citizenId.slice(-3)}`;
}

export function maskPhone(phone: string): string {
  const national = `0${phone.replace(/^\+84/, "")}`;
  return `${national.slice(0, 3)}*****${national.slice(-2)}`;
}
