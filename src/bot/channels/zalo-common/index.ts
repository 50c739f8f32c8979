/**
 * What the two Zalo channels (Zalo Bot and Zalo OA) share: the 2,000-character text limit,
 * plain-text choices and sources, and the memory of the choices last offered to each person.
 */
export { createChoiceMemory, type ChoiceMemory } from "./choice-memory.js";
export { numberedChoices, withSources, ZALO_TEXT_LIMIT } from "./plain-text.js";
