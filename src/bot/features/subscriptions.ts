import type { Feature, Flow, Turn, TurnResult } from "../core/index.js";
import { simplify } from "../../shared/index.js";
import type { Reply } from "../core/index.js";
import type { Localities } from "../../registrations/index.js";
import type { Topic } from "../../announcements/index.js";
import type { Subscriptions } from "../../announcements/index.js";

export const SUBSCRIBE_FLOW_ID = "sub";
export const ANNOUNCEMENT_ACTIONS = "ann";
/** The button the registration flow shows after saving (see src/registrations/flow.ts). */
export const SUBSCRIPTION_OFFER_ACTION = `${ANNOUNCEMENT_ACTIONS}:offer`;

/** How consent was given, stored with each subscription. */
export const CONSENT_METHODS = {
  command: "command /theodoi",
  menu: "menu 🔔 Nhận thông báo",
  afterRegistration: "offered after registration",
} as const;

interface SubscribeData {
  selected: string[];
  consentMethod: string;
}

/**
 * Subscriptions in the bot: /theodoi (or the menu, or the offer after a registration) picks
 * topics with toggle buttons and then a locality; /huytheodoi or replying "HỦY" stops one
 * topic or all of them.
 */
export function createAnnouncementFeature(deps: {
  subscriptions: Subscriptions;
  topics: Topic[];
  localities: Localities;
  /** Public links to the bot on Telegram and Zalo, offered to web visitors. */
  elsewhere?: { telegram?: string; zalo?: string };
}): {
  feature: Feature;
  /** Answers "HỦY"/"huy" typed outside a flow; undefined when the text is something else. */
  answerUnsubscribeReply(turn: Turn, text: string): Promise<TurnResult | undefined>;
} {
  const { subscriptions, topics, localities } = deps;
  const topicCodes = topics.map((topic) => topic.code);
  const person = (turn: Turn) => ({ channel: turn.message.channel, userId: turn.message.userId });
  const topicLabel = (turn: Turn, code: string) => turn.t(`ann.topic.${code}`);

  const flow: Flow = {
    id: SUBSCRIBE_FLOW_ID,
    async start(turn) {
      const current = await subscriptions.activeTopics(person(turn));
      const data: SubscribeData = {
        selected: current.map((row) => row.topic).filter((code) => topicCodes.includes(code)),
        consentMethod: CONSENT_METHODS.command,
      };
      turn.state.flow!.data = data as unknown as Record<string, unknown>;
      turn.state.flow!.step = "topics";
      return [topicsQuestion(turn, data)];
    },
    async handle(turn, input) {
      const state = turn.state.flow!;
      const data = state.data as unknown as SubscribeData;
      if (state.step === "topics") {
        const [kind, code] = (input.action ?? "").split(":");
        if (kind === "t" && code && topicCodes.includes(code)) {
          data.selected = data.selected.includes(code) ? data.selected.filter((c) => c !== code) : [...data.selected, code];
          return [topicsQuestion(turn, data)];
        }
        if (kind === "done") {
          if (data.selected.length === 0) return [{ text: turn.t("ann.topics.empty") }, topicsQuestion(turn, data)];
          state.step = "locality";
          return [localityQuestion(turn)];
        }
        return [topicsQuestion(turn, data)];
      }
      if (input.action === "loc:all") return save(turn, data, null);
      if (input.text) {
        const match = localities.findProvince(input.text);
        if (match) return save(turn, data, match.province.code);
        return [{ text: turn.t("ann.locality.unknown", { text: input.text.slice(0, 60) }), buttons: localityQuestion(turn).buttons }];
      }
      return [localityQuestion(turn)];
    },
    async prompt(turn) {
      const state = turn.state.flow!;
      return state.step === "locality" ? [localityQuestion(turn)] : [topicsQuestion(turn, state.data as unknown as SubscribeData)];
    },
  };

  function topicsQuestion(turn: Turn, data: SubscribeData): Reply {
    const selected = topicCodes.filter((code) => data.selected.includes(code));
    return {
      text: turn.t("ann.topics.ask", {
        selected: selected.length ? selected.map((code) => topicLabel(turn, code)).join(", ") : turn.t("ann.topics.none"),
      }),
      buttons: [
        ...topicCodes.map((code) => ({
          label: `${data.selected.includes(code) ? "✅ " : ""}${topicLabel(turn, code)}`,
          action: `${SUBSCRIBE_FLOW_ID}:t:${code}`,
        })),
        { label: turn.t("ann.topics.done"), action: `${SUBSCRIBE_FLOW_ID}:done` },
      ],
    };
  }

  function localityQuestion(turn: Turn): Reply {
    return { text: turn.t("ann.locality.ask"), buttons: [{ label: turn.t("ann.locality.all"), action: `${SUBSCRIBE_FLOW_ID}:loc:all` }] };
  }

  async function save(turn: Turn, data: SubscribeData, locality: string | null): Promise<Reply[]> {
    const chosen = topicCodes.filter((code) => data.selected.includes(code));
    await subscriptions.subscribe(person(turn), { topics: chosen, locality, consentMethod: data.consentMethod });
    turn.state.flow = null;
    return [
      {
        text: turn.t("ann.subscribed", {
          topics: chosen.map((code) => topicLabel(turn, code)).join(", "),
          locality: locality ? (localities.byCode(locality)?.shortName ?? locality) : turn.t("ann.locality.everywhere"),
        }),
        buttons: [{ label: turn.t("menu.back"), action: "menu" }],
      },
    ];
  }

  async function startSubscribing(turn: Turn, consentMethod: string): Promise<Reply[]> {
    // The web page cannot reach anyone once it is closed: say so and point to the apps that can.
    if (turn.message.channel === "web") return [notOnTheWeb(turn)];
    const replies = await turn.startFlow(SUBSCRIBE_FLOW_ID);
    if (turn.state.flow?.id === SUBSCRIBE_FLOW_ID) (turn.state.flow.data as unknown as SubscribeData).consentMethod = consentMethod;
    return replies;
  }

  function notOnTheWeb(turn: Turn): Reply {
    const links = [
      deps.elsewhere?.telegram ? `• Telegram: ${deps.elsewhere.telegram}` : "",
      deps.elsewhere?.zalo ? `• Zalo: ${deps.elsewhere.zalo}` : "",
    ].filter(Boolean);
    return {
      text: turn.t("ann.web.elsewhere", { links: links.length ? links.join("\n") : turn.t("ann.web.askOffice") }),
      buttons: [{ label: turn.t("menu.back"), action: "menu" }],
    };
  }

  async function unsubscribeChoice(turn: Turn): Promise<Reply[]> {
    const active = await subscriptions.activeTopics(person(turn));
    if (active.length === 0)
      return [{ text: turn.t("ann.unsubscribe.none"), buttons: [{ label: turn.t("ann.menu"), action: `${ANNOUNCEMENT_ACTIONS}:menu` }] }];
    return [
      {
        text: turn.t("ann.unsubscribe.ask", { topics: active.map((row) => topicLabel(turn, row.topic)).join(", ") }),
        buttons: [
          ...active.map((row) => ({ label: topicLabel(turn, row.topic), action: `${ANNOUNCEMENT_ACTIONS}:u:${row.topic}` })),
          { label: turn.t("ann.unsubscribe.all"), action: `${ANNOUNCEMENT_ACTIONS}:u:*` },
        ],
      },
    ];
  }

  async function unsubscribe(turn: Turn, topic: string | undefined): Promise<Reply[]> {
    const resubscribe = [
      { label: turn.t("ann.resubscribe"), action: `${ANNOUNCEMENT_ACTIONS}:menu` },
      { label: turn.t("menu.back"), action: "menu" },
    ];
    if (topic === undefined) {
      const count = await subscriptions.unsubscribe(person(turn));
      return [{ text: turn.t(count ? "ann.unsubscribe.done" : "ann.unsubscribe.none"), buttons: resubscribe }];
    }
    if (!topicCodes.includes(topic)) return unsubscribeChoice(turn);
    await subscriptions.unsubscribe(person(turn), topic);
    const remaining = await subscriptions.activeTopics(person(turn));
    return [
      {
        text: remaining.length
          ? turn.t("ann.unsubscribe.one", { topic: topicLabel(turn, topic), remaining: remaining.map((row) => topicLabel(turn, row.topic)).join(", ") })
          : turn.t("ann.unsubscribe.last", { topic: topicLabel(turn, topic) }),
        buttons: resubscribe,
      },
    ];
  }

  return {
    feature: {
      menu: [{ action: `${ANNOUNCEMENT_ACTIONS}:menu`, labelKey: "ann.menu" }],
      commands: {
        theodoi: (turn) => startSubscribing(turn, CONSENT_METHODS.command),
        huytheodoi: (turn) => unsubscribeChoice(turn),
      },
      actions: {
        [ANNOUNCEMENT_ACTIONS]: async (turn, argument) => {
          if (argument === "menu") return startSubscribing(turn, CONSENT_METHODS.menu);
          if (argument === "offer") return startSubscribing(turn, CONSENT_METHODS.afterRegistration);
          if (argument === "u:*") return unsubscribe(turn, undefined);
          if (argument.startsWith("u:")) return unsubscribe(turn, argument.slice(2));
          return unsubscribeChoice(turn);
        },
      },
      flows: [flow],
    },
    async answerUnsubscribeReply(turn, text) {
      if (!isUnsubscribeReply(text)) return undefined;
      // Someone with nothing to stop may mean something else by "hủy": let the usual answer run.
      if ((await subscriptions.activeTopics(person(turn))).length === 0) return undefined;
      return { replies: await unsubscribe(turn, undefined) };
    },
  };
}

/** "HỦY", "huỷ", "huy", "Hủy." — the stop word people type, with or without diacritics. */
export function isUnsubscribeReply(text: string): boolean {
  const folded = simplify(text);
  return folded === "huy" || folded === "huy theo doi" || folded === "huy dang ky thong bao";
}
