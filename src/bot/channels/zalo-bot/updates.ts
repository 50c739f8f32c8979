import { z } from "zod";

/**
 * Zalo Bot updates, parsed defensively: the documentation and real traffic disagree on
 * several points (wrapped or bare webhook bodies, `photo` or `photo_url`, `display_name` or
 * `first_name`, `event_name` missing in old getUpdates samples), so only what we use is
 * required and everything else passes through.
 */
const id = z.union([z.string().min(1), z.number()]).transform(String);

const botMessage = z.looseObject({
  from: z.looseObject({ id, is_bot: z.boolean().optional() }),
  chat: z.looseObject({ id, chat_type: z.string().optional() }),
  message_id: id.optional(),
  date: z.number().optional(),
  text: z.string().optional(),
});

export const botUpdate = z.looseObject({
  event_name: z.string().optional(),
  message: botMessage.optional(),
});

export type BotUpdate = z.infer<typeof botUpdate>;

/** The docs wrap webhook bodies in `{ok, result}`; other sources send the update bare. Both are accepted. */
// The envelope `{ ok, result }` or the bare update; an envelope whose result is not an update is refused.
export const webhookBody = z.union([z.looseObject({ ok: z.literal(true), result: botUpdate }).transform((body): BotUpdate => body.result), botUpdate]);

export type Inbound =
  | { kind: "text"; chatId: string; messageId?: string; text: string }
  | { kind: "unreadable"; chatId: string; messageId?: string }
  | { kind: "ignored"; reason: string };

/** What an update means to us; anything unexpected is ignored rather than failing. */
export function classifyUpdate(update: BotUpdate): Inbound {
  const message = update.message;
  if (!message) return { kind: "ignored", reason: "no message" };
  // A personal assistant: group chats (a beta feature) are not answered in public.
  if (message.chat.chat_type && message.chat.chat_type !== "PRIVATE") return { kind: "ignored", reason: "not a private chat" };
  if (message.from.is_bot) return { kind: "ignored", reason: "from a bot" };
  const event = update.event_name ?? (message.text !== undefined ? "message.text.received" : "message.unknown");
  const base = { chatId: message.chat.id, messageId: message.message_id };
  switch (event) {
    case "message.text.received":
      return message.text?.trim() ? { kind: "text", ...base, text: message.text } : { kind: "ignored", reason: "empty text" };
    case "message.image.received":
    case "message.sticker.received":
    case "message.voice.received":
      return { kind: "unreadable", ...base };
    // Zalo hides the content (a protected sender): there is nothing to answer to.
    case "message.unsupported.received":
      return { kind: "ignored", reason: "content hidden by Zalo" };
    default:
      return { kind: "ignored", reason: `event ${event}` };
  }
}

/** Empty long polls come back as `result: {}` (or no result) as well as error 408. */
export function isEmptyUpdate(result: unknown): boolean {
  return result === undefined || result === null || (typeof result === "object" && Object.keys(result).length === 0);
}
