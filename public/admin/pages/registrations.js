import { api } from "../api.js";
import { renderOutcomes } from "./outcomes.js";
import { actorLabel, choice, field, formatDate, formatDateTime, formatNumber, formValues, h, mount, select, t, table, toast } from "../dom.js";

const PAGE_SIZE = 50;

/** Registrations in the staff member's area: filter, search, detail, status changes, the monthly list. */
export async function render(container, context) {
  if (context.params[0]) return renderDetail(container, context, context.params[0]);
  const { catalogue, user } = context;
  const saved = JSON.parse(sessionStorage.getItem("registrations.filters") ?? "{}");
  const thisMonth = new Date().toISOString().slice(0, 7);
  const filters = h(
    "form",
    { class: "filters", onsubmit: (event) => (event.preventDefault(), load(1)) },
    h("input", { name: "q", type: "search", placeholder: t("reg.searchShort"), title: t("reg.search"), "aria-label": t("reg.search"), value: saved.q ?? "" }),
    select("status", [["", t("reg.anyStatus")], ...catalogue.registrationStatuses.map((status) => [status, t(`status.${status}`)])], saved.status, { "aria-label": t("field.status") }),
    h("label", { class: "inline" }, t("reg.month"), h("input", { name: "month", type: "month", value: saved.month ?? "" })),
    user.role === "admin" ? select("province", [["", t("reg.anyProvince")], ...catalogue.provinces.map((p) => [p.code, p.name])], saved.province, { "aria-label": t("field.provinceCode") }) : null,
    user.role !== "commune" ? h("input", { name: "commune", placeholder: t("field.communeName"), "aria-label": t("field.communeName"), value: saved.commune ?? "" }) : null,
    select("applicantType", [["", t("reg.anyType")], ["worker", t("reg.type.worker")], ["student", t("reg.type.student")]], saved.applicantType, { "aria-label": t("reg.type") }),
    select("loanNeeded", [["", t("reg.anyLoan")], ["true", t("reg.loan.yes")], ["false", t("reg.loan.no")]], saved.loanNeeded, { "aria-label": t("reg.loan") }),
    h("button", { type: "submit", class: "primary" }, t("common.filter")),
  );
  // An officer's list is their province's; a national administrator picks one (no default
  // that would quietly export the first province of the list).
  const exportProvince = user.role === "admin" ? select("province", [["", t("reg.chooseProvince")], ...catalogue.provinces.map((p) => [p.code, p.name])], "", { "aria-label": t("field.provinceCode") }) : null;
  const exportMonth = h("input", { type: "month", value: thisMonth });
  const exportLinks = h("span", { class: "actions" });
  const list = h("div");
  mount(
    container,
    h("div", { class: "title-row" }, h("h1", {}, t("nav.registrations")), h("a", { class: "button", href: "#/outcome-import" }, t("imp.title"))),
    filters,
    list,
    h("h2", {}, t("reg.monthlyList")),
    h("p", { class: "hint" }, t("reg.monthlyListHint")),
    h(
      "div",
      { class: "filters" },
      h("label", { class: "inline" }, t("reg.listMonth"), exportMonth),
      exportProvince ? h("label", { class: "inline" }, t("field.provinceCode"), exportProvince) : h("p", { class: "inline" }, t("reg.listProvince", { province: context.provinceName(user.provinceCode) })),
      exportLinks,
    ),
  );
  const updateLinks = () => {
    const province = exportProvince ? exportProvince.value : user.provinceCode;
    if (!province) return mount(exportLinks, h("span", { class: "hint" }, t("reg.chooseProvinceFirst")));
    const link = (format) => `/api/admin/registrations/monthly-list?${new URLSearchParams({ month: exportMonth.value || thisMonth, province: province ?? "", format })}`;
    mount(exportLinks, h("a", { class: "button", href: link("xlsx"), download: "" }, t("reg.downloadXlsx")), h("a", { class: "button", href: link("csv"), download: "" }, t("reg.downloadCsv")));
  };
  exportMonth.addEventListener("change", updateLinks);
  exportProvince?.addEventListener("change", updateLinks);
  updateLinks();
  await load(saved.page ?? 1);

  async function load(page) {
    const values = formValues(filters);
    sessionStorage.setItem("registrations.filters", JSON.stringify({ ...values, page }));
    const query = new URLSearchParams({ ...values, page: String(page), pageSize: String(PAGE_SIZE) });
    const response = await api("GET", `/api/admin/registrations?${query}`);
    if (!response.ok) return;
    const { rows, total } = response.body;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    mount(
      list,
      h("p", {}, t("reg.total", { count: formatNumber(total) })),
      table(
        [
          [t("reg.code"), (r) => r.referenceCode ?? "—"],
          [t("field.displayName"), (r) => (r.anonymised ? h("em", {}, t("reg.anonymised")) : r.fullName)],
          [t("reg.citizenId"), (r) => r.maskedCitizenId ?? "—"],
          [t("reg.phone"), (r) => r.maskedPhone ?? "—"],
          [t("reg.place"), (r) => [r.communeName, context.provinceName(r.provinceCode)].filter(Boolean).join(", ")],
          [t("reg.country"), (r) => choice("country", r.desiredCountry)],
          [t("reg.loan"), (r) => (r.loanNeeded ? (r.loanAmountVnd ? `${formatNumber(r.loanAmountVnd)} đ` : t("common.yes")) : t("common.no"))],
          [t("field.status"), (r) => h("span", { class: "badge" }, t(`status.${r.status}`))],
          [t("reg.created"), (r) => formatDate(r.createdAt)],
        ],
        rows,
        { onRowClick: (r) => context.navigate(`#/registrations/${r.id}`), empty: t("reg.none") },
      ),
      pages > 1
        ? h(
            "div",
            { class: "actions pager" },
            h("button", { type: "button", disabled: page <= 1, onclick: () => load(page - 1) }, t("common.previous")),
            h("span", {}, t("reg.page", { page, pages })),
            h("button", { type: "button", disabled: page >= pages, onclick: () => load(page + 1) }, t("common.next")),
          )
        : null,
    );
  }
}

async function renderDetail(container, context, id) {
  const response = await api("GET", `/api/admin/registrations/${encodeURIComponent(id)}`);
  if (!response.ok) return mount(container, h("p", {}, h("a", { href: "#/registrations" }, `← ${t("nav.registrations")}`)), h("p", {}, t("error.notFound")));
  const { registration: r, history, allowedStatuses } = response.body;
  const citizenId = h("span", { id: "citizen-id" }, r.maskedCitizenId ?? "—");
  const phone = h("span", { id: "phone" }, r.maskedPhone ?? "—");
  const reveal = async () => {
    if (!confirm(t("reg.revealConfirm"))) return;
    const revealed = await api("POST", `/api/admin/registrations/${id}/reveal`);
    if (!revealed.ok) return;
    citizenId.textContent = revealed.body.citizenId;
    phone.textContent = revealed.body.phone;
  };
  const fact = (label, value) => [h("dt", {}, label), h("dd", {}, value ?? "—")];
  const statusForm = h(
    "form",
    {
      class: "card grid",
      onsubmit: async (event) => {
        event.preventDefault();
        const values = formValues(statusForm);
        const changed = await api("POST", `/api/admin/registrations/${id}/status`, values);
        if (changed.ok) {
          toast(t("reg.statusChanged"));
          await renderDetail(container, context, id);
        }
      },
    },
    h("h2", {}, t("reg.changeStatus")),
    field(t("reg.newStatus"), select("status", allowedStatuses.map((status) => [status, t(`status.${status}`)]), allowedStatuses[0])),
    field(t("field.note"), h("textarea", { name: "note", rows: 2, maxlength: 500 })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("reg.saveStatus"))),
  );
  const outcomes = h("section", { class: "outcomes", "aria-labelledby": "outcomes" });
  mount(
    container,
    h("p", {}, h("a", { href: "#/registrations" }, `← ${t("nav.registrations")}`)),
    h("h1", {}, r.anonymised ? t("reg.anonymised") : r.fullName, " ", h("span", { class: "badge" }, t(`status.${r.status}`))),
    h(
      "dl",
      { class: "facts card" },
      fact(t("reg.code"), r.referenceCode),
      fact(t("reg.citizenId"), citizenId),
      fact(t("reg.phone"), phone),
      fact(t("reg.birth"), r.birthDate ? formatDate(r.birthDate) : String(r.birthYear)),
      fact(t("reg.gender"), t(`reg.gender.${r.gender}`, {}, r.gender)),
      fact(t("reg.place"), [r.communeName, context.provinceName(r.provinceCode)].filter(Boolean).join(", ")),
      fact(t("reg.type"), t(`reg.type.${r.applicantType}`, {}, r.applicantType)),
      fact(t("reg.country"), choice("country", r.desiredCountry)),
      fact(t("reg.programme"), choice("programme", r.programme)),
      fact(t("reg.departure"), choice("departure", r.expectedDeparture)),
      fact(t("reg.education"), choice("education", r.education)),
      fact(t("reg.occupation"), choice("occupation", r.occupation)),
      fact(t("reg.languages"), choice("languages", r.languages)),
      fact(t("reg.loan"), r.loanNeeded ? (r.loanAmountVnd ? `${formatNumber(r.loanAmountVnd)} đ` : t("common.yes")) : t("common.no")),
      fact(t("reg.priority"), choice("priorityGroup", r.priorityGroup)),
      fact(t("reg.referral"), choice("referral", r.referralSource)),
      fact(t("inbox.channel"), t(`channel.${r.channel}`, {}, r.channel)),
      fact(t("reg.consent"), t("reg.consentAt", { date: formatDateTime(r.consentAt), version: r.consentVersion })),
      fact(t("reg.created"), formatDateTime(r.createdAt)),
    ),
    r.anonymised ? null : h("div", { class: "actions" }, h("button", { type: "button", onclick: reveal }, t("reg.reveal"))),
    allowedStatuses.length && !r.anonymised ? statusForm : null,
    outcomes,
    h("h2", {}, t("reg.history")),
    table(
      [
        [t("audit.when"), (e) => formatDateTime(e.createdAt)],
        [t("audit.actor"), (e) => actorLabel(e.actor)],
        [t("field.status"), (e) => (e.fromStatus && e.fromStatus !== e.toStatus ? `${t(`status.${e.fromStatus}`)} → ${t(`status.${e.toStatus}`)}` : t(`status.${e.toStatus}`))],
        // The system's own notes are stored in English words; staff read them in Vietnamese.
        [t("field.note"), (e) => (e.note ? t(`reg.event.${e.note.replace(/ /g, "-")}`, {}, e.note) : "")],
      ],
      history,
    ),
  );
  // Recording an outcome writes a line in the history and may move the status: the whole page is read again.
  await renderOutcomes(outcomes, id, { readOnly: r.anonymised, onChange: () => renderDetail(container, context, id) });
}
