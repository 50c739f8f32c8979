import { api, describeError } from "../api.js";
import { field, h, mount, t, table, toast } from "../dom.js";

/**
 * "Nhập kết quả từ tệp CSV": the file a bank branch or a company sends is checked first (a dry
 * run, line by line), and written only when staff confirm a file without problems.
 */
export async function render(container) {
  // The browser's own file button speaks the browser's language: ours says it in Vietnamese.
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", class: "visually-hidden", id: "outcome-file" });
  const chosenName = h("span", { class: "hint file-name" }, t("imp.noFile"));
  const report = h("div", { class: "import-report", "aria-live": "polite" });
  const fileProblem = h("p", { class: "form-error", role: "alert", hidden: true });
  let checked = null;
  file.addEventListener("change", () => {
    chosenName.textContent = file.files?.[0]?.name ?? t("imp.noFile");
    checked = null;
    mount(report);
    fileProblem.hidden = true;
  });
  mount(
    container,
    h("p", {}, h("a", { href: "#/registrations" }, `← ${t("nav.registrations")}`)),
    h("h1", {}, t("imp.title")),
    h("p", { class: "hint" }, t("imp.hint")),
    h("p", { class: "hint" }, t("imp.columns")),
    h(
      "div",
      { class: "card grid" },
      h("div", { class: "field" }, h("label", { for: "outcome-file" }, t("imp.file")), file, h("div", { class: "file-pick" }, h("label", { for: "outcome-file", class: "button" }, t("imp.pick")), chosenName)),
      h("div", { class: "wide" }, fileProblem),
      h("div", { class: "actions" }, h("button", { type: "button", class: "primary", onclick: check }, t("imp.check"))),
    ),
    report,
  );

  async function check() {
    const chosen = file.files?.[0];
    fileProblem.hidden = true;
    if (!chosen) return showFileProblem(t("imp.chooseFile"));
    const csv = await chosen.text();
    if (!csv.replace(/^\uFEFF/, "").trim()) return showFileProblem(t("imp.emptyFile"));
    const response = await send(csv, true);
    if (!response) return;
    checked = csv;
    showReport(response.body, true);
  }

  async function confirmImport() {
    if (!checked) return;
    const response = await send(checked, false);
    if (!response) return;
    showReport(response.body, false);
    if (response.body.written) toast(t("imp.written", response.body.counts));
  }

  /** The server's answer, or undefined with the reason shown in Vietnamese. */
  async function send(csv, dryRun) {
    const response = await api("POST", "/api/admin/outcomes/import", { csv, dryRun }, { quiet: true });
    if (response.ok || (response.status === 422 && response.body?.lines)) return response;
    // A file refused whole (no code column, an unknown column…): the server's sentence is Vietnamese.
    const message = response.status === 400 && response.body?.fields?.[0]?.field === "csv" ? response.body.fields[0].message : describeError(response.status, response.body);
    showFileProblem(message);
    return undefined;
  }

  function showFileProblem(message) {
    fileProblem.hidden = false;
    fileProblem.textContent = message;
    mount(report);
  }

  function showReport(body, dryRun) {
    const { counts, lines, written } = body;
    const summary = written ? "imp.summary.written" : dryRun ? (counts.errors ? "imp.summary.errors" : "imp.summary.ready") : "imp.summary.notWritten";
    const canWrite = dryRun && counts.errors === 0 && counts.record > 0;
    mount(
      report,
      h("p", { class: counts.errors ? "warning" : undefined, role: "status" }, t(summary, counts)),
      table(
        [
          [t("imp.line"), (line) => String(line.line)],
          [t("imp.code"), (line) => line.referenceCode ?? "—"],
          [t("imp.outcome"), (line) => h("span", { class: `badge ${line.outcome === "error" ? "warn" : line.outcome === "record" ? "ok" : ""}` }, t(`imp.outcome.${line.outcome}`))],
          [t("imp.detail"), (line) => (line.outcome === "error" ? h("ul", { class: "problems" }, (line.problems ?? []).map((problem) => h("li", {}, problem.message))) : (line.description ?? ""))],
        ],
        lines,
        { empty: t("imp.noLines") },
      ),
      canWrite ? h("div", { class: "actions" }, h("button", { type: "button", class: "primary", onclick: confirmImport }, t("imp.confirm", counts))) : null,
    );
  }
}
