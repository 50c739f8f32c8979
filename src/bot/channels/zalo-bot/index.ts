export { createZaloBotChannel, type ZaloBotChannel, type ZaloBotChannelOptions } from "./zalo-bot-channel.js";
export { ZaloBotApiError, type ZaloBotApi } from "./zalo-bot-api.js";
export { renderForZaloBot } from "./render.js";
