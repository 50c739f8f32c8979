import { simplify } from "../../shared/index.js";
import type { Turn, TurnResult } from "../core/index.js";
import { HANDOFF_FLOW_ID } from "./handoff/handoff-feature.js";
import { FLOW_ID as REGISTRATION_FLOW_ID } from "./registration/flow.js";

/**
 * Free text that asks the bot to do something rather than to explain something: "cho tôi gặp
 * cán bộ" opens the conversation with staff; "em muốn đăng ký đi Nhật" offers the registration
 * form. Questions about these ("cán bộ xã có giúp làm hồ sơ không", "đăng ký ở đâu, cần giấy tờ
 * gì") are left to the knowledge base.
 */

const STAFF = /\b(?:can bo|nguoi that|nhan vien|tu van vien|nguoi tu van|chuyen vien|tong dai|admin that|human|real person|staff|officer|agent)\b/;
const TALK =
  /\b(?:gap|noi chuyen|hoi truc tiep|truc tiep|goi dien|goi|so dien thoai|sdt|lien lac|ket noi|chuyen (?:cho|sang)|talk|speak|chat with|call)\b/;
// Asking about staff rather than for them.
const ABOUT_STAFF = /\b(?:phu trach|lam gi|co giup|giup (?:lam|viet)|o dau|dia chi|thuoc|xa nao|phuong nao|nao phu trach)\b/;

export function isStaffRequest(text: string): boolean {
  const folded = simplify(text);
  return STAFF.test(folded) && TALK.test(folded) && !ABOUT_STAFF.test(folded);
}

const REGISTER = /\b(?:dang ky|dang ki|dk|dky|ghi danh|sign up|register)\b/;
const ASKING_TO =
  /\b(?:muon|xin|cho (?:em|toi|tui|minh|chau|con|tao|anh|chi)|giup|gium|dum|ho (?:em|toi|tui|minh|con|chau)|o day|tai day|luon|ngay|want to|i want|can i)\b/;
// Registering something else, or asking how registering works: the knowledge base answers.
const OTHER_REGISTRATION =
  /\b(?:ket hon|thi|thong bao|hop dong|tam tru|thuong tru|ho khau|xe|kinh doanh|giay phep|visa|ho chieu|tai khoan|sim|bao hiem)\b/;
const HOW = /\b(?:o dau|the nao|nhu the nao|ntn|ra sao|can gi|can nhung gi|giay to|ho so gi|bao nhieu|khi nao|bao gio|han chot|where|how|what)\b/;

export function isRegistrationRequest(text: string): boolean {
  const folded = simplify(text);
  return REGISTER.test(folded) && ASKING_TO.test(folded) && !OTHER_REGISTRATION.test(folded) && !HOW.test(folded);
}

/** "Cho tôi gặp cán bộ": the conversation with staff starts (the person confirms first). */
export async function answerStaffRequest(turn: Turn, text: string): Promise<TurnResult | undefined> {
  if (!isStaffRequest(text)) return undefined;
  return { replies: await turn.startFlow(HANDOFF_FLOW_ID) };
}

/** "Em muốn đăng ký đi Nhật": a button to the form, with what it is for. */
export async function answerRegistrationRequest(turn: Turn, text: string): Promise<TurnResult | undefined> {
  if (!isRegistrationRequest(text)) return undefined;
  return {
    replies: [
      {
        text: turn.t("reg.offer"),
        buttons: [
          { label: turn.t("reg.menu"), action: `flow:${REGISTRATION_FLOW_ID}` },
          { label: turn.t("menu.back"), action: "menu" },
        ],
      },
    ],
    outcome: { kind: "offer", offer: REGISTRATION_FLOW_ID, sources: [] },
  };
}
