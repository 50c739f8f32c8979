export { createRegistrationFeature } from "./feature.js";
export { CONSENT_VERSION, type ClaimContact, type RegistrationFeatureOptions } from "./registration-data.js";
export { REGISTRATION_FLOW_ID as FLOW_ID } from "../../core/index.js";
export { answerRegistrationRequest, isRegistrationRequest } from "./registration-request.js";
export { createClaimContact } from "./claim-contact.js";
