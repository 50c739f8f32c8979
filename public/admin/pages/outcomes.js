import { api, describeError } from "../api.js";
import { actorLabel, choices, field, formatDate, formatDateTime, h, mount, select, t, table, toast } from "../dom.js";

// The fields each kind of outcome asks for (the server's `outcomeInput`); the others are hidden.
const FIELDS = {
  loan_applied: ["amountVnd", "loanProgramme"],
  loan_approved: ["amountVnd", "loanProgramme"],
  loan_refused: ["loanProgramme"],
  loan_disbursed: ["amountVnd", "loanProgramme", "capitalLine"],
  support_paid: ["amountVnd", "supportKind"],
  departed: ["country", "programme", "companyName"],
  returned: ["returnKind", "returnReason"],
};
// Fields the server requires for a kind; the others may stay empty (the server fills them in).
const REQUIRED = { loan_applied: ["amountVnd", "loanProgramme"], loan_disbursed: ["amountVnd"], support_paid: ["amountVnd"], departed: ["country"], returned: ["returnKind"] };

// Which field a refusal is about, so its sentence is shown under that field.
const PROBLEM_FIELD = {
  dateFuture: "occurredOn",
  dateTooEarly: "occurredOn",
  amountRange: "amountVnd",
  epsDepositAbove: "amountVnd",
  loanApprovedAboveApplied: "amountVnd",
  loanDisbursedAboveApproved: "amountVnd",
  loanLocalCapital: "capitalLine",
  loanAmbiguous: "loanProgramme",
  returnReasonRequired: "returnReason",
  returnReasonAtTerm: "returnReason",
};

/**
 * What happened after the registration: the outcome history (each line in words, as the
 * reports write it), a form to record one and a way to cancel one recorded by mistake.
 */
export async function renderOutcomes(container, id, options) {
  const response = await api("GET", `/api/admin/registrations/${encodeURIComponent(id)}/outcomes`);
  if (!response.ok) return mount(container, h("p", { class: "form-error" }, t("out.loadFailed")));
  const view = response.body;
  const reload = options.onChange ?? (() => renderOutcomes(container, id, options));
  mount(
    container,
    h("h2", { id: "outcomes" }, t("out.title")),
    view.citizenStatus.length ? h("div", { class: "card" }, h("h3", {}, t("out.citizenSees")), view.citizenStatus.map((line) => h("p", {}, line))) : null,
    historyTable(view, id, reload, options.readOnly),
    options.readOnly ? null : await outcomeForm(id, reload),
  );
}

function historyTable(view, id, reload, readOnly) {
  const rows = [...view.outcomes].reverse();
  return table(
    [
      [t("out.when"), (o) => formatDate(o.occurredOn)],
      [t("out.what"), (o) => h("span", { class: o.retracted ? "retracted" : undefined }, o.description, o.retracted ? [" ", h("span", { class: "badge warn" }, t("out.retractedBadge"))] : null)],
      [t("out.recordedBy"), (o) => [actorLabel(o.actor), " · ", t(`out.source.${o.source}`, {}, t("out.source.other")), " · ", formatDateTime(o.recordedAt)]],
      [t("out.actions"), (o) => (readOnly || o.retracted || o.kind === "retracted" ? "" : retractControl(o, id, reload))],
    ],
    rows,
    { empty: t("out.none") },
  );
}

/** "Hủy kết quả này" opens a note and a confirmation; a refusal is shown in the row. */
function retractControl(outcome, id, reload) {
  const holder = h("div", { class: "retract" });
  const open = () => {
    const note = h("input", { name: "note", maxlength: 500 });
    const problem = h("p", { class: "form-error", role: "alert", hidden: true });
    mount(
      holder,
      field(t("out.retractNote"), note),
      problem,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "danger",
            onclick: async () => {
              const body = note.value.trim() ? { note: note.value.trim() } : {};
              const result = await api("POST", `/api/admin/registrations/${encodeURIComponent(id)}/outcomes/${outcome.id}/retract`, body, { quiet: true });
              if (result.ok) {
                toast(t("out.retracted"));
                return reload();
              }
              problem.hidden = false;
              problem.textContent = result.status === 422 ? result.body.problems.map((p) => p.message).join(" ") : describeError(result.status, result.body);
            },
          },
          t("out.retractConfirm"),
        ),
        h("button", { type: "button", onclick: close }, t("common.cancel")),
      ),
    );
  };
  const close = () => mount(holder, h("button", { type: "button", class: "link", onclick: open }, t("out.retract")));
  close();
  return holder;
}

async function outcomeForm(id, reload) {
  const companies = await api("GET", "/api/admin/companies?status=licensed&pageSize=200", undefined, { quiet: true });
  const companyList = h("datalist", { id: "licensed-companies" }, (companies.ok ? companies.body.companies : []).map((company) => h("option", { value: company.name })));
  const today = new Date().toLocaleDateString("sv-SE");
  const kind = select("kind", choices("outcome.kind."), "loan_applied");
  const inputs = {
    occurredOn: h("input", { name: "occurredOn", type: "date", max: today, value: today, required: true }),
    amountVnd: h("input", { name: "amountVnd", inputmode: "numeric", autocomplete: "off", placeholder: t("out.amountPlaceholder") }),
    loanProgramme: select("loanProgramme", [["", t("out.unspecified")], ...choices("outcome.loanProgramme.")], ""),
    capitalLine: select("capitalLine", [["", t("out.capitalDefault")], ...choices("outcome.capitalLine.")], ""),
    supportKind: select("supportKind", choices("outcome.supportKind."), "initial_cost"),
    country: select("country", [["", t("out.choose")], ...choices("reg.choice.country.", ["undecided"]), ...choices("outcome.country.")], ""),
    programme: select("programme", [["", t("out.programmeDefault")], ...choices("reg.choice.programme.", ["undecided"])], ""),
    companyName: h("input", { name: "companyName", list: "licensed-companies", autocomplete: "off", maxlength: 300 }),
    returnKind: select("returnKind", choices("outcome.returnKind."), "early"),
    returnReason: select("returnReason", [["", t("out.choose")], ...choices("outcome.returnReason.")], ""),
    note: h("textarea", { name: "note", rows: 2, maxlength: 500 }),
  };
  const hints = { amountVnd: t("out.amountHint"), companyName: t("out.companyHint"), capitalLine: t("out.capitalHint") };
  const problems = {};
  const wrappers = {};
  for (const [name, input] of Object.entries(inputs)) {
    problems[name] = h("p", { class: "field-problem form-error", role: "alert", id: `problem-${name}`, hidden: true });
    input.setAttribute("aria-describedby", `problem-${name}`);
    wrappers[name] = h("div", { class: name === "note" ? "wide" : undefined }, field(t(`out.field.${name}`), input, hints[name]), problems[name]);
  }
  const formProblem = h("p", { class: "form-error wide", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "card grid", id: "outcome-form", novalidate: true, onsubmit: submit },
    h("h3", {}, t("out.record")),
    field(t("out.field.kind"), kind),
    Object.values(wrappers),
    companyList,
    formProblem,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("out.save"))),
  );
  const showFields = () => {
    const wanted = FIELDS[kind.value] ?? [];
    for (const [name, wrapper] of Object.entries(wrappers)) wrapper.hidden = !(name === "occurredOn" || name === "note" || wanted.includes(name));
    // An application names its programme; a later step may leave it to the one open loan.
    inputs.loanProgramme.options[0].textContent = kind.value === "loan_applied" ? t("out.choose") : t("out.unspecified");
    // A return at term has no reason.
    wrappers.returnReason.hidden ||= inputs.returnKind.value !== "early";
    clearProblems();
  };
  kind.addEventListener("change", showFields);
  inputs.returnKind.addEventListener("change", showFields);
  showFields();
  return form;

  function clearProblems() {
    for (const problem of [...Object.values(problems), formProblem]) {
      problem.hidden = true;
      problem.textContent = "";
    }
  }

  function show(name, message) {
    const target = problems[name] && !wrappers[name].hidden ? problems[name] : formProblem;
    target.hidden = false;
    target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
  }

  async function submit(event) {
    event.preventDefault();
    clearProblems();
    const body = { kind: kind.value, occurredOn: inputs.occurredOn.value };
    for (const name of FIELDS[kind.value] ?? []) {
      if (wrappers[name].hidden) continue;
      const value = inputs[name].value.trim();
      if (!value) continue;
      body[name] = name === "amountVnd" ? parseAmount(value) : value;
    }
    if (inputs.note.value.trim()) body.note = inputs.note.value.trim();
    // What the browser can tell at once, before asking the server.
    let missing = false;
    if (!body.occurredOn) (show("occurredOn", t("out.required")), (missing = true));
    for (const name of REQUIRED[kind.value] ?? []) if (body[name] === undefined) (show(name, t("out.required")), (missing = true));
    if (kind.value === "returned" && body.returnKind === "early" && !body.returnReason) (show("returnReason", t("out.required")), (missing = true));
    if (Number.isNaN(body.amountVnd)) (show("amountVnd", t("out.amountInvalid")), (missing = true));
    if (missing) return;
    const result = await api("POST", `/api/admin/registrations/${encodeURIComponent(id)}/outcomes`, body, { quiet: true });
    if (result.ok) {
      toast(t("out.saved"));
      return reload();
    }
    if (result.status === 422 && result.body?.problems) {
      for (const problem of result.body.problems) show(PROBLEM_FIELD[problem.code] ?? "form", problem.message);
    } else if (result.status === 400 && result.body?.fields) {
      // The shape was refused: the field named, in Vietnamese, never the server's English.
      for (const item of result.body.fields) {
        const name = String(item.field).split(".")[0];
        show(name, t(`out.invalid.${name}`, {}, t("out.invalid")));
      }
    } else {
      show("form", describeError(result.status, result.body));
    }
  }
}

/** "100.000.000", "100 000 000" or "100000000" → 100000000; anything else → NaN. */
function parseAmount(text) {
  const digits = text.replace(/[.\s,]/g, "");
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
}
