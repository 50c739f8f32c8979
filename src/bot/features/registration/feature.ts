import { REGISTRATION_FLOW_ID, startFlowAction, type Feature } from "../../core/index.js";
import { RIGHTS_PREFIX } from "./actions.js";
import { registrationFlow } from "./flow.js";
import { ownerOf } from "./form.js";
import { createPrompts } from "./prompts.js";
import type { RegistrationFeatureOptions } from "./registration-data.js";
import { createRights } from "./rights.js";
import { createSubmission } from "./submit.js";

/**
 * The registration form as one flow of the core, plus the person's rights: /dangky,
 * /trangthai (status, withdraw) and /xoadulieu (erasure).
 */
export function createRegistrationFeature(options: RegistrationFeatureOptions): Feature {
  const deps = { ...options, now: options.now ?? (() => new Date()) };
  const { service } = deps;
  const prompts = createPrompts(deps);
  const rights = createRights(deps);
  const flow = registrationFlow(deps, { prompts, submission: createSubmission(deps, prompts), rights });

  return {
    menu: [{ action: startFlowAction(REGISTRATION_FLOW_ID), labelKey: "reg.menu" }],
    commands: {
      dangky: (turn) => turn.startFlow(REGISTRATION_FLOW_ID),
      trangthai: (turn) => rights.status(turn),
      xoadulieu: async (turn) => rights.askErase(turn),
    },
    actions: { [RIGHTS_PREFIX]: rights.handle },
    flows: [flow],
    // Someone who comes back days later (or after a restart) and types /start is offered their draft.
    greeting: async (turn) => ((await service.drafts.load(ownerOf(turn))) ? turn.startFlow(REGISTRATION_FLOW_ID) : []),
  };
}
