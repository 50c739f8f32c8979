import { simplify } from "../../../shared/index.js";
import { HANDOFF_FLOW_ID, type Turn, type TurnResult } from "../../core/index.js";

/**
 * Free text that asks for staff rather than about them: "cho tôi gặp cán bộ" opens the
 * conversation with staff; "cán bộ xã có giúp làm hồ sơ không" is left to the knowledge base.
 */

const STAFF = /\b(?:can bo|nguoi that|nhan vien|tu van vien|nguoi tu van|chuyen vien|tong dai|admin that|human|real person|staff|officer|agent)\b/;
const TALK = /\b(?:gap|noi chuyen|hoi truc tiep|truc tiep|goi dien|goi|so dien thoai|sdt|lien lac|ket noi|chuyen (?:cho|sang)|talk|speak|chat with|call)\b/;
// Asking about staff rather than for them.
const ABOUT_STAFF = /\b(?:phu trach|lam gi|co giup|giup (?:lam|viet)|o dau|dia chi|thuoc|xa nao|phuong nao|nao phu trach)\b/;

export function isStaffRequest(text: string): boolean {
  const folded = simplify(text);
  return STAFF.test(folded) && TALK.test(folded) && !ABOUT_STAFF.test(folded);
}

/** "Cho tôi gặp cán bộ": the conversation with staff starts (the person confirms first). */
export async function answerStaffRequest(turn: Turn, text: string): Promise<TurnResult | undefined> {
  if (!isStaffRequest(text)) return undefined;
  return { replies: await turn.startFlow(HANDOFF_FLOW_ID) };
}
