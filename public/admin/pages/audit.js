import { api } from "../api.js";
import { formatDateTime, h, mount, t, table } from "../dom.js";

/** The audit log (administrators only): who viewed, exported or changed what. */
export async function render(container) {
  const list = h("div");
  const filter = h("input", { name: "actor", placeholder: t("audit.actorFilter") });
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
          [t("audit.actor"), (e) => e.actor],
          [t("audit.action"), (e) => t(`audit.action.${e.action}`, {}, e.action)],
          [t("audit.target"), (e) => [e.targetType, e.targetId].filter(Boolean).join(" ")],
          [t("audit.detail"), (e) => (e.detail ? JSON.stringify(e.detail) : "")],
          [t("audit.ip"), (e) => e.ip ?? ""],
        ],
        response.body.events,
      ),
    );
  }
}
