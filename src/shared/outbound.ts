import type { ChannelName } from "./locale.js";

/**
 * What became of one pushed message (an announcement, a reminder). The announcement worker
 * decides from this alone whether to record, retry later or give up: no platform error
 * ever leaks past a sender.
 */
export type SendOutcome =
  | { status: "sent" }
  /** The person blocked us, unfollowed, or cannot receive from us any more. */
  | { status: "blocked"; reason: string }
  /** Zalo OA: no interaction in the last 7 days, so customer-service messages are refused. */
  | { status: "outside-window" }
  | { status: "rate-limited"; retryAfterSeconds: number }
  | { status: "failed"; retry: "transient" | "permanent"; reason: string };

/** Pushes text to a person we already know on one channel. */
export interface OutboundSender {
  readonly channel: ChannelName;
  sendText(userId: string, text: string): Promise<SendOutcome>;
}

export const sent: SendOutcome = { status: "sent" };

/**
 * Splits a text that is too long for one platform message. Cuts prefer, in order, a blank
 * line, a line break, the end of a sentence and a space, as long as the piece keeps at least
 * half of the limit (otherwise a long paragraph would become many tiny messages). Lengths are
 * counted in UTF-16 code units after NFC, which is how Zalo and Telegram count; a surrogate
 * pair is never cut in two.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.normalize("NFC").trim();
  while (rest.length > limit) {
    const cut = bestCut(rest, limit);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) parts.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

const boundaries = [/\n\s*\n/g, /\n/g, /[.!?…;:](?=\s)/g, /\s/g];

function bestCut(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  for (const boundary of boundaries) {
    let best = -1;
    for (const match of window.matchAll(boundary)) {
      // Sentence punctuation stays with its sentence; whitespace is dropped at the cut.
      const end = /\s/.test(match[0][0]!) ? match.index : match.index + match[0].length;
      if (end <= limit) best = end;
    }
    if (best >= limit / 2) return best;
  }
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
