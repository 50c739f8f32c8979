export { createHandoffFeature, ASK_STAFF_AFTER_QUESTION, HANDOFF_FLOW_ID } from "./handoff-feature.js";
export { answerStaffRequest, isStaffRequest } from "./staff-request.js";
