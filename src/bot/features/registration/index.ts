export { createRegistrationFeature, FLOW_ID, type RegistrationFeatureOptions } from "./flow.js";
export { answerRegistrationRequest, isRegistrationRequest } from "./registration-request.js";
export { createClaimContact } from "./claim-contact.js";
export type { ClaimContact } from "./flow.js";
