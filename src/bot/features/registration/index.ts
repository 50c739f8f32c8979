export { createRegistrationFeature, FLOW_ID, type RegistrationFeatureOptions } from "./flow.js";
export { answerRegistrationRequest, isRegistrationRequest } from "./registration-request.js";
