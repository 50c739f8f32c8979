import type { PrismaClient } from "../../../db/index.js";
import { Prisma } from "../../../db/index.js";
import type { Button } from "../../core/index.js";

/**
 * The choices last offered to each person, so that a typed "2" (or a tapped Zalo OA button,
 * which arrives as its label text) can be turned back into the action. Kept in `app_state`
 * under `<namespace>:choices:<userId>` so they survive restarts and every instance sees
 * them; one small row per person, overwritten at each turn.
 */
export interface ChoiceMemory {
  recall(userId: string): Promise<Button[]>;
  remember(userId: string, choices: Button[]): Promise<void>;
}

export function createChoiceMemory(prisma: PrismaClient, namespace: string): ChoiceMemory {
  const keyOf = (userId: string) => `${namespace}:choices:${userId}`;
  return {
    async recall(userId) {
      const row = await prisma.appState.findUnique({ where: { key: keyOf(userId) } });
      const value = row?.value as { choices?: unknown } | undefined;
      return Array.isArray(value?.choices) ? (value.choices as Button[]).filter(isButton) : [];
    },
    async remember(userId, choices) {
      const key = keyOf(userId);
      if (choices.length === 0) {
        await prisma.appState.deleteMany({ where: { key } });
        return;
      }
      const value = { choices: choices.map(({ label, action }) => ({ label, action })) } as unknown as Prisma.InputJsonValue;
      await prisma.appState.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
  };
}

function isButton(value: unknown): value is Button {
  const button = value as Button | null;
  return typeof button?.label === "string" && typeof button.action === "string";
}
