import { z } from "zod";
import { actionCodec, defineFlow, done, next, stay, type Feature, type Turn, type TurnResult } from "../core/index.js";
import { simplify } from "../../shared/index.js";
import type { Reply } from "../core/index.js";
import type { Localities } from "../../registrations/index.js";
import type { Topic } from "../../announcements/index.js";
import type { Subscriptions } from "../../announcements/index.js";

export const SUBSCRIBE_FLOW_ID = "sub";
export const ANNOUNCEMENT_ACTIONS = "ann";
/** The button the registration flow shows after saving (see src/registrations/flow.ts). */
export { SUBSCRIPTION_OFFER_ACTION } from "../core/index.js";
/** "Every topic" in an unsubscribe button. */
const ALL_TOPICS = "*";

/** How consent was given, stored with each subscription. */
export const CONSENT_METHODS = {
  command: "command /theodoi",
  menu: "menu 🔔 Nhận thông báo",
  afterRegistration: "offered after registration",
} as const;

const subscribeData = z.object({
  selected: z.array(z.string()).default([]),
  consentMethod: z.string().default(CONSENT_METHODS.command),
});
type SubscribeData = z.infer<typeof subscribeData>;
type SubscribeStep = "topics" | "locality";

/** The buttons of the subscription flow (`sub:…`) and of the feature (`ann:…`), in the wire format already sent. */
const subscribeActions = actionCodec(SUBSCRIBE_FLOW_ID, { t: { code: z.string().min(1) }, done: {}, loc: { where: z.literal("all") } });
const announcementActions = actionCodec(ANNOUNCEMENT_ACTIONS, { menu: {}, offer: {}, u: { topic: z.string().min(1) } });

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

  const flow = defineFlow<SubscribeData, SubscribeStep>({
    id: SUBSCRIBE_FLOW_ID,
    data: subscribeData,
    steps: ["topics", "locality"],
    async start(turn) {
      const current = await subscriptions.activeTopics(person(turn));
      turn.flow.data.selected = current.map((row) => row.topic).filter((code) => topicCodes.includes(code));
      return next("topics");
    },
    async handle(turn, input) {
      const data = turn.flow.data;
      if (turn.flow.step === "topics") {
        const action = input.action === undefined ? undefined : subscribeActions.unpack(input.action);
        if (action?.kind === "t" && topicCodes.includes(action.code)) {
          const { code } = action;
          data.selected = data.selected.includes(code) ? data.selected.filter((c) => c !== code) : [...data.selected, code];
          return stay([topicsQuestion(turn, data)]);
        }
        if (action?.kind === "done") {
          if (data.selected.length === 0) return stay([{ text: turn.t("ann.topics.empty") }, topicsQuestion(turn, data)]);
          return next("locality");
        }
        return stay([topicsQuestion(turn, data)]);
      }
      if (input.action !== undefined && subscribeActions.unpack(input.action)?.kind === "loc") return done(await save(turn, data, null));
      if (input.text) {
        const match = localities.findProvince(input.text);
        if (match) return done(await save(turn, data, match.province.code));
        return stay([{ text: turn.t("ann.locality.unknown", { text: input.text.slice(0, 60) }), buttons: localityQuestion(turn).buttons }]);
      }
      return stay([localityQuestion(turn)]);
    },
    async ask(turn, step) {
      return step === "locality" ? [localityQuestion(turn)] : [topicsQuestion(turn, turn.flow.data)];
    },
  });

  function topicsQuestion(turn: Turn, data: SubscribeData): Reply {
    const selected = topicCodes.filter((code) => data.selected.includes(code));
    return {
      text: turn.t("ann.topics.ask", {
        selected: selected.length ? selected.map((code) => topicLabel(turn, code)).join(", ") : turn.t("ann.topics.none"),
      }),
      buttons: [
        ...topicCodes.map((code) => ({
          label: `${data.selected.includes(code) ? "✅ " : ""}${topicLabel(turn, code)}`,
          action: subscribeActions.pack("t", { code }),
        })),
        { label: turn.t("ann.topics.done"), action: subscribeActions.pack("done") },
      ],
    };
  }

  function localityQuestion(turn: Turn): Reply {
    return { text: turn.t("ann.locality.ask"), buttons: [{ label: turn.t("ann.locality.all"), action: subscribeActions.pack("loc", { where: "all" }) }] };
  }

  async function save(turn: Turn, data: SubscribeData, locality: string | null): Promise<Reply[]> {
    const chosen = topicCodes.filter((code) => data.selected.includes(code));
    await subscriptions.subscribe(person(turn), { topics: chosen, locality, consentMethod: data.consentMethod });
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
    const started = turn.progressOf(flow);
    if (started) started.data.consentMethod = consentMethod;
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
      return [{ text: turn.t("ann.unsubscribe.none"), buttons: [{ label: turn.t("ann.menu"), action: announcementActions.pack("menu") }] }];
    return [
      {
        text: turn.t("ann.unsubscribe.ask", { topics: active.map((row) => topicLabel(turn, row.topic)).join(", ") }),
        buttons: [
          ...active.map((row) => ({ label: topicLabel(turn, row.topic), action: announcementActions.pack("u", { topic: row.topic }) })),
          { label: turn.t("ann.unsubscribe.all"), action: announcementActions.pack("u", { topic: ALL_TOPICS }) },
        ],
      },
    ];
  }

  async function unsubscribe(turn: Turn, topic: string | undefined): Promise<Reply[]> {
    const resubscribe = [
      { label: turn.t("ann.resubscribe"), action: announcementActions.pack("menu") },
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
      menu: [{ action: announcementActions.pack("menu"), labelKey: "ann.menu" }],
      commands: {
        theodoi: (turn) => startSubscribing(turn, CONSENT_METHODS.command),
        huytheodoi: (turn) => unsubscribeChoice(turn),
      },
      actions: {
        [ANNOUNCEMENT_ACTIONS]: async (turn, argument) => {
          const action = announcementActions.unpack(argument);
          if (action?.kind === "menu") return startSubscribing(turn, CONSENT_METHODS.menu);
          if (action?.kind === "offer") return startSubscribing(turn, CONSENT_METHODS.afterRegistration);
          if (action?.kind === "u") return unsubscribe(turn, action.topic === ALL_TOPICS ? undefined : action.topic);
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
