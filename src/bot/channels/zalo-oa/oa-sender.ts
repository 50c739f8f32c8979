import type { Logger } from "pino";
import { sent, splitText, type SendOutcome, type Texts } from "../../../shared/index.js";
import type { Locale, Reply } from "../../core/index.js";
import { numberedChoices, ZALO_TEXT_LIMIT } from "../zalo-common/index.js";
import type { InteractionWindow } from "./interaction-window.js";
import type { OaApi, OaFailure } from "./oa-api.js";
import { csMessageBody, renderForZaloOa, type OaMessage } from "./render.js";

/**
 * Customer-service messages to one person: only inside the interaction window, each reply
 * rendered with buttons, and the first message Zalo does not take ends the sending with its
 * outcome (the announcement worker and the staff inbox act on it).
 */
export interface OaSender {
  sendReplies(userId: string, replies: Reply[], locale?: Locale): Promise<SendOutcome>;
  sendText(userId: string, text: string): Promise<SendOutcome>;
}

export function createOaSender(options: { api: OaApi; window: InteractionWindow; texts: Texts; logger: Logger }): OaSender {
  const { api, window, texts, logger } = options;

  /** Undefined when sent. */
  async function post(userId: string, message: OaMessage): Promise<OaFailure | undefined> {
    const result = await api.post("/v3.0/oa/message/cs", csMessageBody(userId, message));
    return result.ok ? undefined : result.failure;
  }

  return {
    async sendReplies(userId, replies, locale = "vi") {
      if (await window.isClosed(userId)) return { status: "outside-window" };
      for (const reply of replies) {
        for (const message of renderForZaloOa(reply, texts, locale)) {
          let failure = await post(userId, message);
          // Text with buttons is not on Zalo's v3 page (gateways use it): if refused, numbers instead.
          if (failure?.kind === "invalid" && message.buttons) {
            logger.warn({ code: failure.code, message: failure.message }, "zalo oa: buttons refused, sending a numbered list");
            for (const text of splitText(`${message.text}\n\n${numberedChoices(reply, texts, locale)}`, ZALO_TEXT_LIMIT)) {
              failure = await post(userId, { text });
              if (failure) break;
            }
          }
          if (failure) return outcomeOf(failure);
        }
      }
      return sent;
    },
    async sendText(userId, text) {
      if (await window.isClosed(userId)) return { status: "outside-window" };
      for (const part of splitText(text, ZALO_TEXT_LIMIT)) {
        const failure = await post(userId, { text: part });
        if (failure) return outcomeOf(failure);
      }
      return sent;
    },
  };
}

function outcomeOf(failure: OaFailure): SendOutcome {
  const reason = `${failure.code ?? ""} ${failure.message}`.trim();
  switch (failure.kind) {
    case "outside-window":
      return { status: "outside-window" };
    case "not-follower":
    case "blocked":
      return { status: "blocked", reason };
    // The OA API limit is per minute.
    case "rate-limited":
      return { status: "rate-limited", retryAfterSeconds: 60 };
    case "quota":
      return { status: "rate-limited", retryAfterSeconds: 3600 };
    case "transient":
      return { status: "failed", retry: "transient", reason };
    case "token":
      return { status: "failed", retry: "permanent", reason: `access token: ${reason}` };
    default:
      return { status: "failed", retry: "permanent", reason };
  }
}
