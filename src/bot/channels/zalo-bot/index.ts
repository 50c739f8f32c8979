export { createZaloBotChannel, type ZaloBotChannel, type ZaloBotChannelOptions } from "./zalo-bot-channel.js";
export { ZaloBotApiError, type ZaloBotApi } from "./zalo-bot-api.js";
export { createChoiceMemory, type ChoiceMemory } from "./choice-memory.js";
export { ZALO_TEXT_LIMIT, renderForZaloBot, numberedChoices, withSources } from "./render.js";
export { createTurnQueue, type TurnQueue } from "./turn-queue.js";
