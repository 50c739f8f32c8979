export { createZaloOaChannel, type ZaloOaChannel, type ZaloOaChannelOptions } from "./zalo-oa-channel.js";
export { createOaTokenStore, TokenRefreshFailed, TOKENS_KEY, type OaTokenStore, type OaTokenStoreOptions } from "./token-store.js";
export { verifyOaSignature } from "./signature.js";
export { CS_WINDOW_MS } from "./interaction-window.js";
export { renderForZaloOa, MAX_OA_BUTTONS } from "./render.js";
