import { z } from "zod";
import { actionCodec, REGISTRATION_FLOW_ID, type ActionOf } from "../../core/index.js";
import { FIELD_ORDER } from "./form.js";

/**
 * The form's buttons (`reg:…`), in the wire format of the buttons already in people's chats:
 * `reg:stop`, `reg:c:yes`, `reg:e:<field>`, `reg:v:<field>:<code>`…
 */
export const formActions = actionCodec(REGISTRATION_FLOW_ID, {
  stop: {},
  staff: {},
  resume: {},
  restart: {},
  update: {},
  status: {},
  confirm: {},
  edit: {},
  back: {},
  c: { answer: z.enum(["yes", "no"]) },
  age: { choice: z.enum(["student", "retry"]) },
  name: { choice: z.literal("keep") },
  dup: { choice: z.literal("update") },
  /** Edit one field from the summary. */
  e: { field: z.enum(FIELD_ORDER) },
  /** A choice of one field's question. */
  v: { field: z.enum(FIELD_ORDER), code: z.string().min(1) },
});
export type FormAction = ActionOf<typeof formActions.spec>;

/** Feature actions outside the form (status, withdraw, erase): another prefix, so they work mid-form. */
export const RIGHTS_PREFIX = "regme";
export const rightsActions = actionCodec(RIGHTS_PREFIX, {
  status: {},
  /** Asks to confirm the withdrawal of one registration. */
  wd: { code: z.string() },
  /** Withdraws it. */
  wdy: { code: z.string() },
  erase: {},
  "erase-yes": {},
});
