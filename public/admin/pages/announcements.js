import { api, describeError } from "../api.js";
import { field, formatDateTime, formatNumber, h, mount, t, table, toast } from "../dom.js";

const finished = new Set(["completed", "cancelled"]);

/** Compose, target, preview, test, send or schedule announcements, and follow their delivery. */
export async function render(container, context) {
  if (context.params[0]) return renderReport(container, context, context.params[0]);
  const { catalogue, user } = context;
  const text = h("textarea", { name: "text", rows: 6, maxlength: 20000, required: true });
  const counter = h("small", { class: "counter" });
  text.addEventListener("input", () => (counter.textContent = t("ann.characters", { count: text.value.length })));
  const checkboxes = (name, options, checked = []) =>
    h("fieldset", { class: "checks" }, h("legend", {}, t(`ann.target.${name}`)), options.map(([value, label]) => h("label", {}, h("input", { type: "checkbox", name, value, checked: checked.includes(value) }), ` ${label}`)));
  // Province staff announce to their own province only: the server enforces it too.
  const localityOptions = user.role === "admin" ? catalogue.provinces.map((p) => [p.code, p.name]) : catalogue.provinces.filter((p) => p.code === user.provinceCode).map((p) => [p.code, p.name]);
  const form = h(
    "form",
    { class: "card grid", onsubmit: (event) => event.preventDefault() },
    h("h2", {}, t("ann.compose")),
    field(t("field.text"), text, counter),
    h("p", { class: "wide hint footer-note" }, t("ann.footerNote")),
    field(t("field.link"), h("input", { name: "link", type: "url", placeholder: "https://" })),
    checkboxes("topics", catalogue.topics.map((topic) => [topic.code, topic.label])),
    checkboxes("localities", localityOptions, user.role === "admin" ? [] : [user.provinceCode]),
    checkboxes("channels", catalogue.channels.map((channel) => [channel, t(`channel.${channel}`, {}, channel)])),
    checkboxes("registrationStatuses", catalogue.registrationStatuses.map((status) => [status, t(`status.${status}`, {}, status)])),
    field(t("field.sendAt"), h("input", { name: "sendAt", type: "datetime-local" }), t("ann.sendAtHint")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: () => submit(true) }, t("ann.preview")),
      h("button", { type: "button", onclick: testDraft }, t("ann.testDraft")),
      h("button", { type: "button", class: "primary", onclick: () => submit(false) }, t("ann.send")),
    ),
  );
  const preview = h("div", { class: "preview", "aria-live": "polite" });
  const list = h("div");
  mount(container, h("h1", {}, t("nav.announcements")), form, preview, h("h2", {}, t("ann.recent")), list);
  await load();

  // "Gửi thử" before sending: the draft goes to the staff test recipients only; nothing is created.
  async function testDraft() {
    if (!text.value.trim()) return toast(t("ann.textRequired"), "error");
    const draft = body(true);
    await sendTest("/api/admin/announcements/test", { text: draft.text, ...(draft.link ? { link: draft.link } : {}) });
  }

  function body(dryRun) {
    const data = new FormData(form);
    const pick = (name) => {
      const values = data.getAll(name).map(String);
      return values.length ? values : undefined;
    };
    const sendAt = String(data.get("sendAt") ?? "");
    return {
      text: text.value,
      ...(String(data.get("link") ?? "").trim() ? { link: String(data.get("link")).trim() } : {}),
      target: Object.fromEntries(["topics", "localities", "channels", "registrationStatuses"].map((name) => [name, pick(name)]).filter(([, value]) => value)),
      ...(sendAt ? { sendAt: new Date(sendAt).toISOString() } : {}),
      dryRun,
    };
  }

  async function submit(dryRun) {
    if (!text.value.trim()) return toast(t("ann.textRequired"), "error");
    if (!dryRun) {
      // Staff see who the message will not reach before they commit to it.
      const counted = await api("POST", "/api/admin/announcements", body(true));
      if (!counted.ok) return;
      const question = [t("ann.confirmSendTo", { count: formatNumber(counted.body.recipients.total) }), unreachableSentence(counted.body.recipients.unreachable), t("ann.confirmSend")];
      if (!confirm(question.filter(Boolean).join("\n\n"))) return;
    }
    const response = await api("POST", "/api/admin/announcements", body(dryRun));
    if (!response.ok) return;
    if (dryRun) {
      const parts = Object.entries(response.body.messagesPerRecipient).map(([channel, count]) => `${t(`channel.${channel}`, {}, channel)}: ${count}`);
      mount(
        preview,
        h("div", { class: "card" }, h("h3", {}, t("ann.previewTitle")), h("p", {}, t("ann.recipients", { count: formatNumber(response.body.recipients.total) })), unreachableSentence(response.body.recipients.unreachable) ? h("p", { class: "warning", id: "unreachable" }, unreachableSentence(response.body.recipients.unreachable)) : null, h("p", {}, t("ann.parts", { parts: parts.join(", ") || "—" })), h("pre", { class: "message" }, text.value)),
      );
      return;
    }
    toast(response.body.status === "scheduled" ? t("ann.scheduled") : t("ann.started"));
    context.navigate(`#/announcements/${response.body.id}`);
  }

  async function load() {
    const response = await api("GET", "/api/admin/announcements?limit=50");
    if (!response.ok) return;
    mount(
      list,
      table(
        [
          [t("ann.created"), (a) => formatDateTime(a.createdAt)],
          [t("field.text"), (a) => (a.text.length > 80 ? `${a.text.slice(0, 80)}…` : a.text)],
          [t("ann.state"), (a) => t(`ann.status.${a.status}`, {}, a.status)],
          [t("ann.sentOf"), (a) => `${formatNumber(a.deliveries.sent)} / ${formatNumber(a.recipients)}`],
          [t("ann.by"), (a) => a.createdBy],
        ],
        response.body.announcements,
        { onRowClick: (a) => context.navigate(`#/announcements/${a.id}`) },
      ),
    );
  }
}

/** Sends a test to the staff recipients and says what happened to each, in Vietnamese. */
async function sendTest(path, payload) {
  const sent = await api("POST", path, payload, { quiet: true });
  if (sent.status === 409 && sent.body?.code === "noTestRecipients") return toast(t("ann.noTestRecipients"), "error");
  if (!sent.ok) return toast(describeError(sent.status, sent.body), "error");
  toast(sent.body.results.map((r) => t("ann.testResult", { channel: t(`channel.${r.channel}`, {}, r.channel), user: r.userId, status: t(`delivery.${r.status}`, {}, t("delivery.failed")) })).join("; "));
}

/** "3 người theo dõi trên trang web sẽ không nhận được…", or "" when everyone is reachable. */
function unreachableSentence(unreachable = {}) {
  const parts = Object.entries(unreachable).filter(([, count]) => count > 0);
  if (!parts.length) return "";
  const web = unreachable.web ?? 0;
  const others = parts.filter(([channel]) => channel !== "web").map(([channel, count]) => t("ann.unreachable.channel", { count: formatNumber(count), channel: t(`channel.${channel}`) }));
  return [web ? t("ann.unreachable.web", { count: formatNumber(web) }) : "", ...others].filter(Boolean).join(" ");
}

async function renderReport(container, context, id) {
  const response = await api("GET", `/api/admin/announcements/${encodeURIComponent(id)}`);
  if (!response.ok) return mount(container, h("p", {}, t("error.notFound")));
  const report = response.body;
  const rows = Object.entries(report.deliveries).map(([status, count]) => ({ status, count }));
  const test = () => sendTest(`/api/admin/announcements/${id}/test`, {});
  const cancel = async () => {
    if (!confirm(t("ann.confirmCancel"))) return;
    if ((await api("POST", `/api/admin/announcements/${id}/cancel`)).ok) render(container, context);
  };
  mount(
    container,
    h("p", {}, h("a", { href: "#/announcements" }, `← ${t("nav.announcements")}`)),
    h("h1", {}, t("ann.report")),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, t("ann.state")),
      h("dd", { id: "announcement-status" }, t(`ann.status.${report.status}`, {}, report.status)),
      h("dt", {}, t("ann.created")),
      h("dd", {}, `${formatDateTime(report.createdAt)} · ${report.createdBy}`),
      report.scheduledAt ? [h("dt", {}, t("field.sendAt")), h("dd", {}, formatDateTime(report.scheduledAt))] : null,
      h("dt", {}, t("ann.recipientsLabel")),
      h("dd", {}, formatNumber(report.recipients)),
    ),
    h("pre", { class: "message" }, report.link ? `${report.text}\n\n${report.link}` : report.text),
    table([[t("ann.deliveryStatus"), (row) => t(`delivery.${row.status}`, {}, row.status)], [t("ann.count"), (row) => formatNumber(row.count)]], rows.filter((row) => row.count > 0), { empty: t("ann.noDeliveries") }),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: test }, t("ann.test")),
      finished.has(report.status) ? null : h("button", { type: "button", class: "danger", onclick: cancel }, t("ann.cancel")),
    ),
  );
  // Follow the run while it is sending.
  if (!finished.has(report.status) && location.hash === `#/announcements/${id}`) {
    setTimeout(() => location.hash === `#/announcements/${id}` && renderReport(container, context, id), 3000);
  }
}
