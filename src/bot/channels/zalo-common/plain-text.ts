import type { Texts } from "../../../shared/index.js";
import type { Locale, Reply, Source } from "../../core/index.js";
import { numberedList } from "../numbered-choices.js";

/** `sendMessage` and OA customer-service texts both take 1–2,000 characters. */
export const ZALO_TEXT_LIMIT = 2000;

/** `start`: where this reply's numbers begin when the turn's replies share one numbering. */
export function numberedChoices(reply: Reply, texts: Texts, locale: Locale, start = 1): string {
  return `${numberedList(reply.buttons ?? [], start)}\n${texts.t(locale, "zalo.choices.hint")}`;
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
