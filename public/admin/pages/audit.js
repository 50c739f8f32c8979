import { api } from "../api.js";
import { actorLabel, formatDateTime, formatNumber, h, mount, t, table } from "../dom.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log (administrators only): who viewed, exported or changed what. */
export async function render(container, context) {
  const list = h("div");
  const filter = h("input", { name: "actor", placeholder: t("audit.actorFilter"), "aria-label": t("audit.actor") });
  mount(container, h("h1", {}, t("nav.audit")), h("form", { class: "filters", onsubmit: (event) => (event.preventDefault(), load()) }, filter, h("button", { type: "submit" }, t("common.filter"))), list);
  await load();

  async function load() {
    const query = new URLSearchParams({ limit: "200", ...(filter.value.trim() ? { actor: filter.value.trim() } : {}) });
    const response = await api("GET", `/api/admin/audit?${query}`);
    if (!response.ok) return;
    mount(
      list,
      table(
        [
          [t("audit.when"), (e) => formatDateTime(e.createdAt)],
          [t("audit.actor"), (e) => actorLabel(e.actor)],
          [t("audit.action"), (e) => t(`audit.action.${e.action}`, {}, e.action)],
          [t("audit.target"), (e) => target(e)],
          [t("audit.detail"), (e) => details(e.detail, context)],
          [t("audit.ip"), (e) => e.ip ?? ""],
        ],
        response.body.events,
      ),
    );
  }
}

/** "Đăng ký · Mở" with a link rather than a UUID; an account's or company's own name or number. */
function target(event) {
  if (!event.targetType) return "";
  const kind = t(`audit.targetType.${event.targetType}`, {}, event.targetType);
  if (!event.targetId) return kind;
  const pages = { registration: "registrations", announcement: "announcements", handoff: "inbox" };
  if (UUID.test(event.targetId)) {
    return pages[event.targetType] ? [kind, " · ", h("a", { href: `#/${pages[event.targetType]}/${event.targetId}` }, t("audit.open"))] : kind;
  }
  return `${kind} ${event.targetId}`;
}

/** The detail as "label: value" lines in Vietnamese; internal ids are left out. */
function details(detail, context) {
  if (!detail || typeof detail !== "object") return "";
  const lines = Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && !(typeof value === "string" && UUID.test(value)))
    .map(([key, value]) => `${t(`audit.detail.${key}`, {}, key)}: ${detailValue(key, value, context)}`);
  return lines.length ? h("ul", { class: "details" }, lines.map((line) => h("li", {}, line))) : "";
}

function detailValue(key, value, context) {
  if (typeof value === "boolean") return t(value ? "common.yes" : "common.no");
  if (typeof value === "number") return formatNumber(value);
  if (Array.isArray(value)) return value.map((item) => detailValue(key, item, context)).join(", ");
  const text = String(value);
  switch (key) {
    case "status":
    case "to":
      return t(`status.${text}`, {}, t(`ann.status.${text}`, {}, text));
    case "role":
      return t(`role.name.${text}`, {}, text);
    case "province":
      return context.provinceName(text);
    case "kind":
      return t(`outcome.kind.${text}`, {}, text);
    case "reason":
      return t(`audit.reason.${text}`, {}, text);
    case "applicantType":
      return t(`reg.type.${text}`, {}, text);
    case "loanNeeded":
      return t(text === "true" ? "reg.loan.yes" : "reg.loan.no");
    case "search":
      return t(`audit.search.${text}`, {}, text);
    case "format":
      return text.toUpperCase();
    case "changed":
    case "fields":
      return t(`audit.field.${text.replace("=", "-")}`, {}, text);
    default:
      return text;
  }
}
