import type { ChannelName } from "../../shared/index.js";
import { LINK_CODE_MINUTES } from "../../staff/index.js";
import type { Feature } from "../core/index.js";

/** The staff domain's side of linking: spend a console code for this chat. */
export interface StaffChatLinking {
  redeem(code: string, chat: { channel: string; userId: string }): Promise<{ linked: true; displayName: string } | { linked: false; reason: "unknown-code" }>;
}

/**
 * `/lienket ABCD-EFGH`: a staff member links this chat to their console account, to get the
 * reporting reminders here. Not in the help list (citizens have no use for it); a citizen who
 * types it is told what it is for. Channels that cannot push (the web chat) cannot be linked;
 * `pushChannels` is read at each call: the senders exist only once the core does.
 */
export function createStaffLinkFeature(deps: { linking: StaffChatLinking; pushChannels: () => readonly ChannelName[] }): Feature {
  return {
    commands: {
      lienket: async (turn, argument) => {
        if (!deps.pushChannels().includes(turn.message.channel)) return [{ text: turn.t("staffLink.notHere") }];
        if (!argument.trim()) return [{ text: turn.t("staffLink.how") }];
        const outcome = await deps.linking.redeem(argument, { channel: turn.message.channel, userId: turn.message.userId });
        return [
          { text: outcome.linked ? turn.t("staffLink.done", { name: outcome.displayName }) : turn.t("staffLink.unknownCode", { minutes: LINK_CODE_MINUTES }) },
        ];
      },
    },
  };
}
