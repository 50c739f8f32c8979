import { api } from "../api.js";
import { formatDateTime, h, mount, t, table, toast } from "../dom.js";

/**
 * "Tài khoản của tôi": who is logged in, and the Telegram/Zalo chats where this officer gets
 * the reporting reminders. Linking: a code shown here, sent to the bot as /lienket CODE.
 */
export async function render(container, context) {
  const { user } = context;
  const links = h("div", { class: "chat-links" });
  const codeBox = h("div", { class: "link-code", "aria-live": "polite" });
  mount(
    container,
    h("h1", {}, t("me.title")),
    h("p", {}, h("strong", {}, user.displayName), ` · ${user.username} · ${t(`role.name.${user.role}`)}`),
    h(
      "section",
      { class: "card" },
      h("h2", {}, t("me.reminders")),
      h("p", { class: "hint" }, t("me.remindersHint")),
      links,
      h("div", { class: "actions" }, h("button", { type: "button", class: "primary", onclick: issueCode }, t("me.getCode"))),
      codeBox,
    ),
  );
  await load();

  async function load() {
    const response = await api("GET", "/api/admin/me/chat-links");
    if (!response.ok) return;
    mount(
      links,
      table(
        [
          [t("me.channel"), (link) => t(`channel.${link.channel}`, {}, link.channel)],
          [t("me.linkedAt"), (link) => formatDateTime(link.linkedAt)],
          ["", (link) => h("button", { type: "button", onclick: () => unlink(link) }, t("me.unlink"))],
        ],
        response.body.links,
        { empty: t("me.noLinks") },
      ),
    );
  }

  async function issueCode() {
    const response = await api("POST", "/api/admin/me/chat-links/code");
    if (!response.ok) return;
    const { code, command, expiresAt } = response.body;
    mount(
      codeBox,
      h("p", {}, t("me.sendThis")),
      h("p", { class: "code" }, h("code", {}, command)),
      h("p", { class: "hint" }, t("me.codeExpires", { time: formatDateTime(expiresAt), code })),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", onclick: () => copy(command) }, t("me.copy")),
        " ",
        h("button", { type: "button", onclick: load }, t("me.refresh")),
      ),
    );
  }

  async function unlink(link) {
    if (!confirm(t("me.confirmUnlink"))) return;
    if ((await api("DELETE", `/api/admin/me/chat-links/${link.id}`)).ok) {
      toast(t("me.unlinked"));
      await load();
    }
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      toast(t("me.copied"));
    } catch {
      // A page served over plain http may not reach the clipboard: the command stays on screen to copy by hand.
      toast(t("me.copyByHand"));
    }
  }
}
