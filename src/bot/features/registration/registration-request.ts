import { simplify } from "../../../shared/index.js";
import { REGISTRATION_FLOW_ID, startFlowAction, type Turn, type TurnResult } from "../../core/index.js";

/**
 * Free text that asks to register rather than how registering works: "em muốn đăng ký đi
 * Nhật" offers the registration form; "đăng ký ở đâu, cần giấy tờ gì" is left to the
 * knowledge base.
 */

const REGISTER = /\b(?:dang ky|dang ki|dk|dky|ghi danh|sign up|register)\b/;
const ASKING_TO =
  /\b(?:muon|xin|cho (?:em|toi|tui|minh|chau|con|tao|anh|chi)|giup|gium|dum|ho (?:em|toi|tui|minh|con|chau)|o day|tai day|luon|ngay|want to|i want|can i)\b/;
// Registering something else, or asking how registering works: the knowledge base answers.
const OTHER_REGISTRATION = /\b(?:ket hon|thi|thong bao|hop dong|tam tru|thuong tru|ho khau|xe|kinh doanh|giay phep|visa|ho chieu|tai khoan|sim|bao hiem)\b/;
const HOW = /\b(?:o dau|the nao|nhu the nao|ntn|ra sao|can gi|can nhung gi|giay to|ho so gi|bao nhieu|khi nao|bao gio|han chot|where|how|what)\b/;

export function isRegistrationRequest(text: string): boolean {
  const folded = simplify(text);
  return REGISTER.test(folded) && ASKING_TO.test(folded) && !OTHER_REGISTRATION.test(folded) && !HOW.test(folded);
}

/** "Em muốn đăng ký đi Nhật": a button to the form, with what it is for. */
export async function answerRegistrationRequest(turn: Turn, text: string): Promise<TurnResult | undefined> {
  if (!isRegistrationRequest(text)) return undefined;
  return {
    replies: [
      {
        text: turn.t("reg.offer"),
        buttons: [
          { label: turn.t("reg.menu"), action: startFlowAction(REGISTRATION_FLOW_ID) },
          { label: turn.t("menu.back"), action: "menu" },
        ],
      },
    ],
    outcome: { kind: "offer", offer: REGISTRATION_FLOW_ID, sources: [] },
  };
}
