import type { Button, Reply } from "../core/index.js";
import { simplify as fold } from "../../shared/index.js";

/**
 * For channels without buttons (terminal, Zalo Bot): choices are shown as a numbered list
 * and the person answers with the number or the label text.
 */
export function numberedList(buttons: Button[], start = 1): string {
  return buttons.map((button, index) => `${start + index}. ${button.label}`).join("\n");
}

/**
 * One numbering for all the replies of a turn: the number each reply's list starts at. A
 * plan's "1. Xem đủ bảng" followed by a menu numbered from 1 again made "1" open the wrong thing.
 */
export function choiceStarts(replies: Reply[]): number[] {
  let next = 1;
  return replies.map((reply) => {
    const start = next;
    next += reply.buttons?.length ?? 0;
    return start;
  });
}

/** Every choice of a turn, in the order `choiceStarts` numbers them: what "1", "2"… answer. */
export function allChoices(replies: Reply[]): Button[] {
  return replies.flatMap((reply) => reply.buttons ?? []);
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
