import type { Button, Reply } from "../core/index.js";
import { simplify as fold } from "../../shared/index.js";

/**
 * For channels without buttons (terminal, Zalo Bot): choices are shown as a numbered list
 * and the person answers with the number or the label text.
 */
export function numberedList(buttons: Button[]): string {
  return buttons.map((button, index) => `${index + 1}. ${button.label}`).join("\n");
}

/** The buttons a person can still answer to: those of the last reply that had any. */
export function lastChoices(replies: Reply[]): Button[] {
  for (let index = replies.length - 1; index >= 0; index--) {
    const buttons = replies[index]!.buttons;
    if (buttons?.length) return buttons;
  }
  return [];
}

/** "2", " 2. ", or the label itself (any case, with or without diacritics) → that action. */
export function pickChoice(text: string, choices: Button[]): string | undefined {
  const trimmed = text.trim();
  const number = /^(\d{1,2})\.?$/.exec(trimmed);
  if (number) return choices[Number(number[1]) - 1]?.action;
  const wanted = fold(trimmed);
  return wanted ? choices.find((choice) => fold(choice.label) === wanted)?.action : undefined;
}
