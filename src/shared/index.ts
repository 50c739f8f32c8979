/**
 * Leaf code any layer may import: the texts people read, the outbound sender interface,
 * personal-data masking, Vietnamese folding and constant-time secret comparison. It imports nothing else of ours.
 */
export { createWordFolder, removeDiacritics, simplify } from "./fold.js";
export { locales, type ChannelName, type Locale } from "./locale.js";
export { sent, splitText, type OutboundSender, type SendOutcome } from "./outbound.js";
export { digest, matchesSecret } from "./secrets.js";
export { maskCitizenId, maskedNumber, maskPersonalData, maskPhone } from "./personal-data.js";
export { loadTexts, type TextParams, type Texts } from "./texts.js";
