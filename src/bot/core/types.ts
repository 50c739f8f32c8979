import type { ChannelName } from "../../shared/index.js";

export { locales, type ChannelName, type Locale } from "../../shared/index.js";

/** One thing a person did: typed text, pressed a button, or sent something we cannot read. */
export interface IncomingMessage {
  channel: ChannelName;
  /** Stable id of the person within the channel (Telegram chat id, web session id…). */
  userId: string;
  text?: string;
  /** The action of a pressed button. */
  action?: string;
  /** A sticker, photo, voice message…: something without text. */
  unsupported?: boolean;
  /** The platform's idea of the user's language, used only for people we have not met yet. */
  languageHint?: string;
}

export interface Button {
  label: string;
  /** Short opaque string (≤ 64 bytes: Telegram's callback_data limit). */
  action: string;
}

export interface Source {
  document: string;
  title?: string;
  article?: string;
  issuer?: string;
  date?: string;
  url?: string;
}

export interface Reply {
  text: string;
  buttons?: Button[];
  sources?: Source[];
}

export const MAX_ACTION_BYTES = 64;
