import { InlineKeyboard } from "grammy";
import type { Texts } from "../../../shared/index.js";
import type { Locale, Reply } from "../../core/index.js";

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboard;
}

/** Turns a channel-neutral reply into Telegram HTML messages; user data is always escaped. */
export function renderForTelegram(reply: Reply, texts: Texts, locale: Locale): TelegramMessage[] {
  let html = escapeHtml(reply.text);
  if (reply.sources?.length) {
    const list = reply.sources
      .map((source) => {
        const label = escapeHtml([source.document, source.article].filter(Boolean).join(", "));
        return source.url && /^https?:\/\//.test(source.url) ? `<a href="${escapeHtml(source.url)}">${label}</a>` : label;
      })
      .join("; ");
    html += `\n\n<i>${escapeHtml(texts.t(locale, "sources.label"))}: ${list}</i>`;
  }
  const parts = splitHtml(html, TELEGRAM_TEXT_LIMIT);
  const keyboard = reply.buttons?.length ? new InlineKeyboard(reply.buttons.map((b) => [InlineKeyboard.text(b.label, b.action)])) : undefined;
  return parts.map((part, index) => ({ html: part, keyboard: index === parts.length - 1 ? keyboard : undefined }));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// Split on line breaks so that no tag or entity is cut; our only tags (<i>, <a>) sit on
// the last line, and a single line longer than the limit is cut at a space.
function splitHtml(html: string, limit: number): string[] {
  if (html.length <= limit) return [html];
  const parts: string[] = [];
  let current = "";
  for (const line of html.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    current = line;
    while (current.length > limit) {
      const cut = Math.max(current.lastIndexOf(" ", limit), limit / 2);
      const safe = current.lastIndexOf("&", cut) > current.lastIndexOf(";", cut) ? current.lastIndexOf("&", cut) : cut;
      parts.push(current.slice(0, safe));
      current = current.slice(safe).trimStart();
    }
  }
  if (current) parts.push(current);
  return parts;
}
