import { z } from "zod";

/**
 * Zalo OA webhook events. User events carry `sender` (the person) and `recipient` (the OA);
 * follow/unfollow carry `follower` and `oa_id`; `oa_send_*` are echoes of our own messages.
 * Ids and timestamps stay strings: they can exceed 2^53. Only what we use is required.
 */
const id = z.union([z.string().min(1), z.number()]).transform(String);

export const oaEvent = z.looseObject({
  event_name: z.string().min(1),
  app_id: id.optional(),
  oa_id: id.optional(),
  timestamp: id.optional(),
  sender: z.looseObject({ id }).optional(),
  recipient: z.looseObject({ id }).optional(),
  follower: z.looseObject({ id }).optional(),
  message: z.looseObject({ msg_id: id.optional(), text: z.string().optional() }).optional(),
});

export type OaEvent = z.infer<typeof oaEvent>;

/**
 * Bodies are documented bare; a `{data: event}` or `{ok, result: event}` wrapper (as the
 * Zalo Bot platform uses) is unwrapped too, since payload formats were seen to vary.
 */
export function unwrapEvent(body: unknown): unknown {
  if (body && typeof body === "object" && !("event_name" in body)) {
    const inner = (body as { data?: unknown; result?: unknown }).data ?? (body as { result?: unknown }).result;
    if (inner && typeof inner === "object" && "event_name" in inner) return inner;
  }
  return body;
}

export type OaInbound =
  | { kind: "text"; userId: string; text: string }
  | { kind: "follow"; userId: string }
  | { kind: "unfollow"; userId: string }
  | { kind: "submitted-info"; userId: string }
  | { kind: "unreadable"; userId: string }
  | { kind: "ignored"; reason: string };

export function classifyEvent(event: OaEvent): OaInbound {
  const name = event.event_name;
  if (name.startsWith("oa_send_")) return { kind: "ignored", reason: "echo of our own message" };
  if (name.includes("group")) return { kind: "ignored", reason: "group event" };
  if (name === "follow" || name === "unfollow") {
    const userId = event.follower?.id ?? event.sender?.id;
    return userId ? { kind: name, userId } : { kind: "ignored", reason: `${name} without follower` };
  }
  const userId = event.sender?.id;
  if (!userId) return { kind: "ignored", reason: `${name} without sender` };
  if (name === "user_send_text") {
    // oa.query.show / oa.query.hide button taps arrive here too, with the payload as text.
    const text = event.message?.text?.trim();
    return text ? { kind: "text", userId, text } : { kind: "ignored", reason: "empty text" };
  }
  if (name === "user_submit_info") return { kind: "submitted-info", userId };
  if (name.startsWith("user_send_")) return { kind: "unreadable", userId };
  return { kind: "ignored", reason: `event ${name}` };
}

export const DELIVERY_KEY_PREFIX = "zalo-oa:";

/** One key per delivery, shared by Zalo's retries of it: the message id, else the event itself. */
export function deliveryKey(event: OaEvent, userId: string | undefined): string {
  if (event.message?.msg_id) return `${DELIVERY_KEY_PREFIX}msg:${event.message.msg_id}`;
  return `${DELIVERY_KEY_PREFIX}event:${event.event_name}:${userId ?? "-"}:${event.timestamp ?? "-"}`;
}

/** Menu items configured in the OA admin send keywords such as `#menu`, `#help`, `#language`. */
export function keywordAction(text: string): string | undefined {
  const match = /^#([a-z][a-z0-9_-]*(?::[^\s#]+)?)$/i.exec(text.trim());
  return match?.[1];
}
