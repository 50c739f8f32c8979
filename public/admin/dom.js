// Every page is built with these helpers: text always goes in as text nodes, never as HTML,
// so names and messages typed by citizens can never run as code in a staff member's browser.

/** h("button", { class: "primary", onclick: fn, type: "button" }, "Lưu") */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = value;
    else if (key === "dataset") Object.assign(element.dataset, value);
    // Through the CSSOM: the console's security policy refuses style attributes.
    else if (key === "style") Object.assign(element.style, value);
    else if (key === "value") element.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled") element[key] = Boolean(value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `element`. */
export function mount(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const texts = JSON.parse(document.getElementById("texts").textContent);

/** A console text by key, with {name} placeholders filled in. */
export function t(key, params = {}, fallback = key) {
  const text = texts[key] ?? fallback;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/**
 * The label of a stored code ("technical_intern" → "Thực tập sinh kỹ năng") from the catalogue
 * the exports use. A value that is not a code (a country typed by the person) is shown as typed;
 * several codes joined by commas are each labelled.
 */
export function choice(field, value) {
  if (value === null || value === undefined || value === "") return "—";
  return String(value)
    .split(",")
    .map((part) => part.trim())
    .map((code) => texts[`reg.choice.${field}.${code}`] ?? code)
    .join(", ");
}

/** Who did something, from the history's actor ("citizen:web", "staff:lan", "api-token"). */
export function actorLabel(actor) {
  const [kind, ...rest] = String(actor ?? "").split(":");
  const name = rest.join(":");
  if (kind === "citizen") return t("actor.citizen", { channel: t(`channel.${name}`, {}, name) });
  if (kind === "staff") return t("actor.staff", { name });
  return t(`actor.${kind}`, {}, actor);
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return date.toLocaleDateString("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" });
}

export function formatDateTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function formatNumber(value) {
  return new Intl.NumberFormat("vi-VN").format(Number(value));
}

let fieldCount = 0;
/** A labelled form field; the label names the input alone, so screen readers read it right. */
export function field(label, input, hint) {
  input.id ||= `field-${++fieldCount}`;
  return h("div", { class: "field" }, h("label", { for: input.id }, label), input, hint ? h("small", {}, hint) : null);
}

export function select(name, options, selected, props = {}) {
  return h(
    "select",
    { name, ...props },
    options.map(([value, label]) => h("option", { value, selected: String(value) === String(selected ?? "") }, label)),
  );
}

/** A table from rows; `columns` are [header, (row) => cell content]. */
export function table(columns, rows, options = {}) {
  if (!rows.length) return h("p", { class: "empty" }, options.empty ?? t("common.empty"));
  return h(
    "div",
    { class: `table-wrap${options.cards === false ? "" : " cards"}` },
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, columns.map(([header]) => h("th", { scope: "col" }, header)))),
      h(
        "tbody",
        {},
        // data-label: on a phone each row becomes a card whose cells name their column.
        rows.map((row) => h("tr", { onclick: options.onRowClick ? () => options.onRowClick(row) : undefined, class: options.onRowClick ? "clickable" : undefined }, columns.map(([header, cell]) => h("td", { "data-label": header }, cell(row))))),
      ),
    ),
  );
}

let toastTimer;
/** A short message at the bottom of the screen. */
export function toast(message, kind = "info") {
  const element = document.getElementById("toast");
  element.textContent = message;
  element.className = kind;
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (element.hidden = true), kind === "error" ? 8000 : 4000);
}

/** The values of a form as an object of trimmed strings (empty ones left out). */
export function formValues(form) {
  const values = {};
  for (const [key, value] of new FormData(form).entries()) {
    const text = String(value).trim();
    if (text) values[key] = text;
  }
  return values;
}

/**
 * The codes of a catalogue list with their labels, in the catalogue's order, from the texts the
 * exports use (`reg.choice.country.` → [["japan", "Nhật Bản"], …]): forms never invent a label.
 */
export function choices(prefix, except = []) {
  return Object.keys(texts)
    .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes("."))
    .map((key) => [key.slice(prefix.length), texts[key]])
    .filter(([code]) => !except.includes(code));
}
