import type { Texts } from "../../../shared/index.js";
import type { Locale, Reply } from "../../core/index.js";
import { splitText } from "../../../shared/index.js";
import { numberedChoices, withSources, ZALO_TEXT_LIMIT } from "../zalo-common/index.js";

/**
 * A reply as plain Zalo text messages: Zalo Bot has no buttons, so choices become a numbered
 * list the person answers with "1", "2"… or the label. Plain text, never `parse_mode`:
 * answers quote user input and law texts, which must not turn into formatting.
 */
export function renderForZaloBot(reply: Reply, texts: Texts, locale: Locale, start = 1): string[] {
  let text = withSources(reply.text, reply.sources, texts, locale);
  if (reply.buttons?.length) text += `\n\n${numberedChoices(reply, texts, locale, start)}`;
  return splitText(text, ZALO_TEXT_LIMIT);
}
