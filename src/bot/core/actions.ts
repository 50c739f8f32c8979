import { packAction } from "./action-prefixes.js";

/**
 * Flows and actions one feature offers and another handles, named here so that neither
 * feature imports the other.
 */

/** The conversation with staff (the handoff feature). */
export const HANDOFF_FLOW_ID = "ho";
/** The button under an answer the bot could not give: the question just asked goes to staff. */
export const ASK_STAFF_AFTER_QUESTION = `${HANDOFF_FLOW_ID}:asked`;
/** The registration form (the registration feature). */
export const REGISTRATION_FLOW_ID = "reg";
/** The loan check (the loan-check feature). */
export const LOAN_FLOW_ID = "loan";
/** The subscription offer under a saved registration (the announcements feature's `ann:offer`). */
export const SUBSCRIPTION_OFFER_ACTION = "ann:offer";
/** The handoff feature's "ask staff" button: from the menu, or from a form that needs help. */
export const ASK_STAFF_ACTION = `${HANDOFF_FLOW_ID}:start`;
/** The core's button that starts (or continues) a flow: `flow:<id>`. */
export const startFlowAction = (flowId: string): string => packAction("flow", flowId);
/** The knowledge feature's button that shows one entry: `kb:<entry id>`. */
export const showEntryAction = (entryId: string): string => packAction("kb", entryId);
