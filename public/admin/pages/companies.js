import { api } from "../api.js";
import { field, formatDate, formValues, h, mount, select, t, table, toast } from "../dom.js";

/** The list of licensed and revoked labour-export companies the bot answers from. */
export async function render(container, context) {
  const canEdit = context.user.role !== "commune";
  const search = h("input", { name: "search", type: "search", placeholder: t("co.search"), "aria-label": t("co.search") });
  const status = select("status", [["", t("common.all")], ["licensed", t("co.status.licensed")], ["revoked", t("co.status.revoked")]], "", { "aria-label": t("field.status") });
  const list = h("div");
  const editor = h("div");
  const importer = h("div");
  mount(
    container,
    h("h1", {}, t("nav.companies")),
    h("p", { class: "hint" }, t("co.hint")),
    h("form", { class: "filters", onsubmit: (event) => (event.preventDefault(), load()) }, search, status, h("button", { type: "submit" }, t("common.filter"))),
    list,
    canEdit ? [editor, importer] : null,
  );
  if (canEdit) {
    showEditor();
    showImporter();
  }
  await load();

  async function load() {
    const query = new URLSearchParams({ pageSize: "200", ...(search.value.trim() ? { search: search.value.trim() } : {}), ...(status.value ? { status: status.value } : {}) });
    const response = await api("GET", `/api/admin/companies?${query}`);
    if (!response.ok) return;
    mount(
      list,
      h("p", {}, t("co.total", { count: response.body.total })),
      table(
        [
          [t("co.name"), (c) => c.name],
          [t("co.licence"), (c) => c.licenceNumber ?? "—"],
          [t("field.status"), (c) => h("span", { class: `badge ${c.status === "licensed" ? "ok" : "warn"}` }, t(`co.status.${c.status}`))],
          [t("co.address"), (c) => c.address ?? ""],
          [t("co.listDate"), (c) => formatDate(c.listDate)],
          [t("field.note"), (c) => c.note ?? ""],
        ],
        response.body.companies,
        { onRowClick: canEdit ? (c) => showEditor(c) : undefined, empty: t("co.none") },
      ),
    );
  }

  function showEditor(company) {
    const form = h(
      "form",
      { class: "card grid", onsubmit: save },
      h("h2", {}, company ? t("co.edit", { name: company.name }) : t("co.add")),
      field(t("co.name"), h("input", { name: "name", required: true, value: company?.name ?? "" })),
      field(t("co.licence"), h("input", { name: "licenceNumber", value: company?.licenceNumber ?? "" })),
      field(t("field.status"), select("status", [["licensed", t("co.status.licensed")], ["revoked", t("co.status.revoked")]], company?.status ?? "licensed")),
      field(t("co.listDate"), h("input", { name: "listDate", type: "date", required: true, value: company?.listDate ?? "" })),
      field(t("co.address"), h("input", { name: "address", value: company?.address ?? "" })),
      field(t("field.note"), h("input", { name: "note", value: company?.note ?? "" })),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary" }, t("common.save")),
        company ? h("button", { type: "button", onclick: () => showEditor() }, t("common.cancel")) : null,
        company ? h("button", { type: "button", class: "danger", onclick: () => remove(company) }, t("co.delete")) : null,
      ),
    );
    mount(editor, form);
    if (company) form.scrollIntoView({ behavior: "smooth" });

    async function save(event) {
      event.preventDefault();
      const values = formValues(form);
      // Empty optional fields clear what was stored.
      const body = company ? { ...Object.fromEntries(["licenceNumber", "address", "note"].map((key) => [key, null])), ...values } : values;
      const response = company ? await api("PATCH", `/api/admin/companies/${company.id}`, body) : await api("POST", "/api/admin/companies", body);
      if (!response.ok) return;
      toast(t("co.saved"));
      showEditor();
      await load();
    }
  }

  async function remove(company) {
    if (!confirm(t("co.deleteConfirm", { name: company.name }))) return;
    if ((await api("DELETE", `/api/admin/companies/${company.id}`)).ok) {
      showEditor();
      await load();
    }
  }

  function showImporter() {
    const file = h("input", { type: "file", accept: ".csv,text/csv" });
    const skip = h("input", { type: "checkbox", name: "skipInvalid" });
    const report = h("div");
    mount(
      importer,
      h(
        "div",
        { class: "card grid" },
        h("h2", {}, t("co.import")),
        h("p", { class: "wide hint" }, t("co.importHint")),
        field(t("co.file"), file),
        h("label", { class: "wide" }, skip, " ", t("co.skipInvalid")),
        h("div", { class: "actions" }, h("button", { type: "button", onclick: () => run(true) }, t("co.check")), h("button", { type: "button", class: "primary", onclick: () => run(false) }, t("co.importNow"))),
        h("div", { class: "wide" }, report),
      ),
    );

    async function run(dryRun) {
      const chosen = file.files?.[0];
      if (!chosen) return toast(t("co.chooseFile"), "error");
      const response = await api("POST", "/api/admin/companies/import", { csv: await chosen.text(), dryRun, skipInvalid: skip.checked }, { quiet: true });
      if (response.status === 400) return toast(response.body.fields?.map((f) => problemText(f.problem)).join("; ") ?? t("error.invalid"), "error");
      if (!response.body?.counts) return toast(t("error.generic"), "error");
      const { counts, written, lines } = response.body;
      mount(
        report,
        h("p", {}, t(written ? "co.imported" : dryRun ? "co.checked" : "co.notImported", counts)),
        table(
          [
            [t("co.line"), (line) => String(line.line)],
            [t("co.name"), (line) => line.name ?? ""],
            [t("co.outcome"), (line) => t(`co.outcome.${line.outcome}`)],
            [t("co.reason"), (line) => (line.problem ? problemText(line.problem) : "")],
          ],
          lines.filter((line) => line.outcome === "error" || dryRun),
        ),
      );
      if (written) await load();
    }
  }
}

/** A line's or the file's problem in Vietnamese, from the code the server gives with it. */
function problemText(problem) {
  return problem ? t(`co.problem.${problem.code}`, problem.params ?? {}, t("co.problem.other")) : t("co.problem.other");
}
