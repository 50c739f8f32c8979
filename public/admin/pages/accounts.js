import { api } from "../api.js";
import { field, formatDateTime, formValues, h, mount, select, t, table, toast } from "../dom.js";

/** Staff accounts (administrators only): create, deactivate, reset a password. */
export async function render(container, context) {
  const list = h("div");
  const form = h(
    "form",
    { class: "card grid", onsubmit: create },
    h("h2", {}, t("accounts.new")),
    field(t("field.username"), h("input", { name: "username", required: true, pattern: "[a-z0-9._\\-]{3,40}", autocomplete: "off" }), t("accounts.usernameHint")),
    field(t("field.displayName"), h("input", { name: "displayName", required: true })),
    field(t("field.password"), h("input", { name: "password", type: "password", required: true, minlength: 10, autocomplete: "new-password" })),
    field(t("field.role"), select("role", [["admin", t("role.name.admin")], ["province", t("role.name.province")], ["commune", t("role.name.commune")]], "commune")),
    field(t("field.provinceCode"), select("provinceCode", [["", "—"], ...context.catalogue.provinces.map((p) => [p.code, p.name])], "")),
    field(t("field.communeName"), h("input", { name: "communeName" })),
    h("button", { class: "primary", type: "submit" }, t("accounts.create")),
  );
  mount(container, h("h1", {}, t("nav.accounts")), list, form);
  await load();

  async function load() {
    const response = await api("GET", "/api/admin/accounts");
    if (!response.ok) return;
    mount(
      list,
      table(
        [
          [t("field.username"), (a) => a.username],
          [t("field.displayName"), (a) => a.displayName],
          [t("field.role"), (a) => t(`role.name.${a.role}`)],
          [t("accounts.scope"), (a) => [context.provinceName(a.provinceCode), a.communeName].filter(Boolean).join(" · ") || t("accounts.everywhere")],
          [t("accounts.lastLogin"), (a) => formatDateTime(a.lastLoginAt)],
          [t("accounts.state"), (a) => (a.active ? t("accounts.active") : t("accounts.inactive"))],
          [
            "",
            (a) =>
              h(
                "span",
                { class: "actions" },
                h("button", { type: "button", onclick: () => setActive(a, !a.active) }, a.active ? t("accounts.deactivate") : t("accounts.activate")),
                h("button", { type: "button", onclick: () => resetPassword(a) }, t("accounts.resetPassword")),
              ),
          ],
        ],
        response.body.accounts,
      ),
    );
  }

  async function create(event) {
    event.preventDefault();
    const values = formValues(form);
    const response = await api("POST", "/api/admin/accounts", values);
    if (response.ok) {
      toast(t("accounts.created", { username: values.username }));
      form.reset();
      await load();
    }
  }

  async function setActive(account, active) {
    if ((await api("PATCH", `/api/admin/accounts/${account.accountId}`, { active })).ok) await load();
  }

  async function resetPassword(account) {
    const password = prompt(t("accounts.newPassword", { username: account.username }));
    if (!password) return;
    if ((await api("PATCH", `/api/admin/accounts/${account.accountId}`, { password })).ok) toast(t("accounts.passwordChanged"));
  }
}
