import { z } from "zod";

/**
 * A flow as saved with the conversation (JSON in `conversations.flow`). The envelope is
 * checked here; `data` belongs to the flow, which parses it with its own schema.
 */
export const savedFlowSchema = z.object({
  id: z.string(),
  step: z.string(),
  data: z.unknown(),
  retries: z.number().int().nonnegative().optional(),
  /** Set while the person left the flow with /menu: only the core reads it. */
  paused: z.boolean().optional(),
  startedAt: z.string(),
  updatedAt: z.string(),
});

export type SavedFlow = z.infer<typeof savedFlowSchema>;
