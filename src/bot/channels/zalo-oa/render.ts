import type { Texts } from "../../../shared/index.js";
import type { Locale, Reply } from "../../core/index.js";
import { splitText } from "../../../shared/index.js";
import { ZALO_TEXT_LIMIT, numberedChoices, withSources } from "../zalo-common/index.js";

export const MAX_OA_BUTTONS = 5;
// Documented for template buttons; assumed for customer-service buttons too.
const MAX_BUTTON_TITLE = 35;

export interface OaButton {
  title: string;
  type: "oa.query.show";
  payload: string;
}

export interface OaMessage {
  text: string;
  buttons?: OaButton[];
}

/**
 * A reply as OA customer-service messages. Up to 5 choices become `oa.query.show` buttons:
 * a tap sends the label as the person's visible message, which maps back to the action like
 * a typed label does. More choices (or labels too long for a button) become a numbered list.
 */
export function renderForZaloOa(reply: Reply, texts: Texts, locale: Locale): OaMessage[] {
  const body = withSources(reply.text, reply.sources, texts, locale);
  const buttons = reply.buttons ?? [];
  if (buttons.length === 0) return splitText(body, ZALO_TEXT_LIMIT).map((text) => ({ text }));
  if (!buttonsFit(reply)) {
    return splitText(`${body}\n\n${numberedChoices(reply, texts, locale)}`, ZALO_TEXT_LIMIT).map((text) => ({ text }));
  }
  const parts = splitText(body, ZALO_TEXT_LIMIT).map((text): OaMessage => ({ text }));
  parts[parts.length - 1]!.buttons = buttons.map((button) => ({ title: button.label, type: "oa.query.show", payload: button.label }));
  return parts;
}

function buttonsFit(reply: Reply): boolean {
  const buttons = reply.buttons ?? [];
  return buttons.length <= MAX_OA_BUTTONS && buttons.every((button) => button.label.length <= MAX_BUTTON_TITLE);
}

export function csMessageBody(userId: string, message: OaMessage) {
  return {
    recipient: { user_id: userId },
    message: {
      text: message.text,
      ...(message.buttons ? { attachment: { type: "template", payload: { buttons: message.buttons } } } : {}),
    },
  };
}
