import { isLoanCheckRequest } from "../../../loans/index.js";
import { LOAN_FLOW_ID, type Turn, type TurnResult } from "../../core/index.js";

/** "Tính thử khoản vay": the calculator starts, rather than an article of law answering. */
export async function answerLoanCheckRequest(turn: Turn, question: string): Promise<TurnResult | undefined> {
  return isLoanCheckRequest(question) ? { replies: await turn.startFlow(LOAN_FLOW_ID) } : undefined;
}
