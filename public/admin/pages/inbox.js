import { api } from "../api.js";
import { field, formatDateTime, h, mount, select, t, table, toast } from "../dom.js";

const REFRESH_MS = 10_000;

/**
 * The bot's earlier answers reach the handoff as notes "[fallback] Xin lỗi…" or
 * "[answer loan-rate] Lãi suất…": the kind is said in words and the entry's id left out.
 */
function readable(text) {
  const marked = /^\[(\w+)(?: [^\]]*)?\] ?/.exec(text ?? "");
  if (!marked) return text ?? "";
  return `(${t(`inbox.kind.${marked[1]}`, {}, t("inbox.kind.other"))}) ${text.slice(marked[0].length)}`;
}

/** Runs `work` every `ms` while `container` is still the page shown; stops by itself after. */
function every(ms, container, work) {
  const hash = location.hash;
  const timer = setInterval(() => {
    if (!container.isConnected || location.hash !== hash) return clearInterval(timer);
    if (document.visibilityState === "visible") work();
  }, ms);
}

/** Questions people sent to staff ("hỏi cán bộ"): read the conversation, answer, close. */
export async function render(container, context) {
  if (context.params[0]) return renderConversation(container, context, context.params[0]);
  const status = select("status", [["open", t("inbox.open")], ["closed", t("inbox.closed")], ["", t("common.all")]], sessionStorage.getItem("inbox.status") ?? "open", { "aria-label": t("field.status") });
  const list = h("div");
  status.addEventListener("change", () => (sessionStorage.setItem("inbox.status", status.value), load()));
  mount(container, h("h1", {}, t("nav.inbox")), h("div", { class: "filters" }, status), h("p", { class: "hint" }, t("inbox.autoRefresh")), list);
  await load();
  // New questions and new messages appear without a reload while the page is open.
  every(REFRESH_MS, container, () => load(true));

  async function load(quiet = false) {
    const query = new URLSearchParams({ limit: "200", ...(status.value ? { status: status.value } : {}) });
    const response = await api("GET", `/api/admin/inbox?${query}`, undefined, { quiet });
    if (!response.ok) return;
    mount(
      list,
      table(
        [
          [t("inbox.opened"), (item) => formatDateTime(item.openedAt)],
          [t("inbox.channel"), (item) => t(`channel.${item.channel}`, {}, item.channel)],
          [t("field.provinceCode"), (item) => context.provinceName(item.provinceCode) || t("inbox.unknownProvince")],
          [t("inbox.last"), (item) => (item.lastMessage ? readable(item.lastMessage.text) : "")],
          [t("inbox.unread"), (item) => (item.unread ? h("span", { class: "badge warn" }, String(item.unread)) : "")],
          [t("field.status"), (item) => h("span", { class: `badge ${item.status === "open" ? "warn" : "ok"}` }, t(`inbox.${item.status}`))],
        ],
        response.body.handoffs,
        { onRowClick: (item) => context.navigate(`#/inbox/${item.id}`), empty: t("inbox.none") },
      ),
    );
  }
}

async function renderConversation(container, context, id) {
  const response = await api("GET", `/api/admin/inbox/${encodeURIComponent(id)}`);
  if (!response.ok) return mount(container, h("p", {}, h("a", { href: "#/inbox" }, `← ${t("nav.inbox")}`)), h("p", {}, t("error.notFound")));
  const handoff = response.body;
  const author = (message) => (message.author === "staff" ? t("inbox.staff", { name: message.staffName ?? "" }) : message.author === "bot" ? t("inbox.bot") : t("inbox.citizen"));
  const delivery = (message) =>
    message.author !== "staff" ? null : message.deliveryError ? h("small", { class: "form-error" }, t("inbox.notDelivered", { reason: message.deliveryError })) : message.deliveredAt ? h("small", {}, t("inbox.delivered")) : h("small", {}, t("inbox.pending"));
  const reply = h("textarea", { name: "text", rows: 3, maxlength: 2000, required: true });
  const closing = h("textarea", { name: "message", rows: 2, maxlength: 2000 });
  const open = handoff.status === "open";
  const chat = h("div", { class: "chat card", "aria-label": t("inbox.conversation"), "aria-live": "polite" });
  const showMessages = (messages) =>
    mount(chat, messages.map((message) => h("div", { class: `bubble ${message.author}` }, h("small", {}, `${author(message)} · ${formatDateTime(message.at)}`), message.author === "bot" ? readable(message.text) : message.text, delivery(message))));
  showMessages(handoff.messages);
  let shown = handoff.messages.length;
  // The citizen's next messages appear as they come; what staff are typing is left alone.
  if (open) {
    every(REFRESH_MS / 2, container, async () => {
      const fresh = await api("GET", `/api/admin/inbox/${encodeURIComponent(id)}`, undefined, { quiet: true });
      if (!fresh.ok || fresh.body.messages.length === shown) return;
      shown = fresh.body.messages.length;
      showMessages(fresh.body.messages);
    });
  }
  mount(
    container,
    h("p", {}, h("a", { href: "#/inbox" }, `← ${t("nav.inbox")}`)),
    h("h1", {}, t("inbox.conversation")),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, t("inbox.channel")),
      h("dd", {}, t(`channel.${handoff.channel}`, {}, handoff.channel)),
      h("dt", {}, t("field.provinceCode")),
      h("dd", {}, context.provinceName(handoff.provinceCode) || t("inbox.unknownProvince")),
      h("dt", {}, t("inbox.opened")),
      h("dd", {}, formatDateTime(handoff.openedAt)),
      h("dt", {}, t("field.status")),
      h("dd", {}, t(`inbox.${handoff.status}`), handoff.closedAt ? ` · ${formatDateTime(handoff.closedAt)} · ${handoff.closedBy ?? ""}` : ""),
    ),
    chat,
    open
      ? h(
          "form",
          { class: "card grid", onsubmit: send },
          field(t("inbox.reply"), reply, t("inbox.replyHint")),
          h("div", { class: "actions" }, h("button", { class: "primary", type: "submit" }, t("inbox.send"))),
        )
      : null,
    open
      ? h(
          "form",
          { class: "card grid", onsubmit: close },
          field(t("inbox.closingMessage"), closing, t("inbox.closeHint")),
          h("div", { class: "actions" }, h("button", { type: "submit" }, t("inbox.close"))),
        )
      : null,
  );

  async function send(event) {
    event.preventDefault();
    if (!reply.value.trim()) return;
    const sent = await api("POST", `/api/admin/inbox/${id}/reply`, { text: reply.value });
    if (!sent.ok) return;
    toast(sent.body.message.deliveryError ? t("inbox.notDelivered", { reason: sent.body.message.deliveryError }) : t("inbox.sent"), sent.body.message.deliveryError ? "error" : "info");
    await renderConversation(container, context, id);
  }

  async function close(event) {
    event.preventDefault();
    const closed = await api("POST", `/api/admin/inbox/${id}/close`, closing.value.trim() ? { message: closing.value } : {});
    if (!closed.ok) return;
    toast(t("inbox.closedNotice"));
    await renderConversation(container, context, id);
  }
}
