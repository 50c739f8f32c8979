/** The channels the core can be reached through. The core never depends on their details. */
export type ChannelName = "telegram" | "zalo-bot" | "zalo-oa" | "web" | "cli";

export type Locale = "vi" | "en";
export const locales: readonly Locale[] = ["vi", "en"];
