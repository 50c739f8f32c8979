import type { Texts } from "../../../shared/index.js";
import type { Locale, Reply, Source } from "../../core/index.js";
import { numberedList } from "../numbered-choices.js";
import { splitText } from "../../../shared/index.js";

/** `sendMessage` and OA customer-service texts both take 1–2,000 characters. */
export const ZALO_TEXT_LIMIT = 2000;

/**
 * A reply as plain Zalo text messages: Zalo Bot has no buttons, so choices become a numbered
 * list the person answers with "1", "2"… or the label. Plain text, never `parse_mode`:
 * answers quote user input and law texts, which must not turn into formatting.
 */
export function renderForZaloBot(reply: Reply, texts: Texts, locale: Locale): string[] {
  let text = withSources(reply.text, reply.sources, texts, locale);
  if (reply.buttons?.length) text += `\n\n${numberedChoices(reply, texts, locale)}`;
  return splitText(text, ZALO_TEXT_LIMIT);
}

export function numberedChoices(reply: Reply, texts: Texts, locale: Locale): string {
  return `${numberedList(reply.buttons ?? [])}\n${texts.t(locale, "zalo.choices.hint")}`;
}

/** Sources as one plain-text line: "Nguồn: Luật 69/2020/QH14, Điều 5 (https://…); …". */
export function withSources(text: string, sources: Source[] | undefined, texts: Texts, locale: Locale): string {
  if (!sources?.length) return text;
  const list = sources
    .map((source) => {
      const label = [source.document, source.article].filter(Boolean).join(", ");
      return source.url && /^https?:\/\//.test(source.url) ? `${label} (${source.url})` : label;
    })
    .join("; ");
  return `${text}\n\n${texts.t(locale, "sources.label")}: ${list}`;
}
