import { answerInOrder, type FreeTextAnswerer, type QuestionAnswerer } from "./core/index.js";
import { answerStaffRequest } from "./features/handoff/index.js";
import { answerLoanCheckRequest } from "./features/loan-check/index.js";
import { answerRegistrationRequest } from "./features/registration/index.js";

/**
 * Free text outside a flow, asked in this order: "HỦY" unsubscribes; "chào bạn", "cảm ơn" are
 * small talk; "cho tôi gặp cán bộ" and "em muốn đăng ký" ask for those; "tính thử khoản vay"
 * asks for the calculator, not for an article of law; "công ty X có giấy phép không" is looked
 * up in the staff's list; anything else is a question for the knowledge base.
 */
export function answerFreeText(answerers: {
  unsubscribe: FreeTextAnswerer;
  smallTalk: FreeTextAnswerer;
  companyCheck: FreeTextAnswerer;
  knowledge: QuestionAnswerer;
}): QuestionAnswerer {
  return answerInOrder(
    [answerers.unsubscribe, answerers.smallTalk, answerStaffRequest, answerRegistrationRequest, answerLoanCheckRequest, answerers.companyCheck],
    answerers.knowledge,
  );
}
