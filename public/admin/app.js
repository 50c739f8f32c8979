import { api, setSession } from "./api.js";
import { field, formatDate, h, mount, t, toast } from "./dom.js";
import * as accounts from "./pages/accounts.js";
import * as announcements from "./pages/announcements.js";
import * as audit from "./pages/audit.js";
import * as companies from "./pages/companies.js";
import * as dashboard from "./pages/dashboard.js";
import * as inbox from "./pages/inbox.js";
import * as outcomeImport from "./pages/outcome-import.js";
import * as knowledge from "./pages/knowledge.js";
import * as me from "./pages/me.js";
import * as registrations from "./pages/registrations.js";
import * as reports from "./pages/reports.js";

// The pages of the console, in menu order; `roles` limits who sees them.
const pages = [
  { path: "dashboard", label: "nav.dashboard", module: dashboard },
  { path: "registrations", label: "nav.registrations", module: registrations },
  { path: "reports", label: "nav.reports", module: reports },
  { path: "inbox", label: "nav.inbox", module: inbox },
  { path: "knowledge", label: "nav.knowledge", module: knowledge },
  { path: "announcements", label: "nav.announcements", module: announcements, roles: ["admin", "province"] },
  { path: "companies", label: "nav.companies", module: companies },
  { path: "accounts", label: "nav.accounts", module: accounts, roles: ["admin"] },
  { path: "audit", label: "nav.audit", module: audit, roles: ["admin"] },
  { path: "me", label: "nav.me", module: me, menu: false },
  // Reached from the registrations page, not from the menu.
  { path: "outcome-import", label: "imp.title", module: outcomeImport, menu: false, parent: "registrations" },
];

const app = document.getElementById("app");
let session = null;
let catalogue = null;

async function start() {
  const me = await api("GET", "/api/admin/session", undefined, { quiet: true });
  if (!me.ok) return showLogin();
  await enter(me.body);
}

async function enter({ user, csrfToken }) {
  session = { user };
  setSession(csrfToken, () => {
    session = null;
    toast(t("login.expired"), "error");
    showLogin();
  });
  const loaded = await api("GET", "/api/admin/catalogue");
  catalogue = loaded.ok ? loaded.body : { provinces: [], topics: [], registrationStatuses: [], channels: [] };
  window.addEventListener("hashchange", route);
  route();
}

function showLogin() {
  window.removeEventListener("hashchange", route);
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "login card", onsubmit: login },
    h("h1", {}, t("app.title")),
    field(t("login.username"), h("input", { name: "username", autocomplete: "username", required: true, autofocus: true })),
    field(t("login.password"), h("input", { name: "password", type: "password", autocomplete: "current-password", required: true })),
    error,
    h("button", { class: "primary", type: "submit" }, t("login.submit")),
  );
  mount(app, h("main", { class: "login-page" }, form));

  async function login(event) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const response = await api("POST", "/api/admin/session", values, { quiet: true });
    if (response.ok) return enter(response.body);
    error.hidden = false;
    error.textContent =
      response.status === 429
        ? t("login.tooMany", { seconds: response.body?.error?.match(/\d+/)?.[0] ?? "" })
        : response.status === 401
          ? t("login.wrong")
          : response.status === 503
            ? t("login.busy")
            : t("error.generic");
  }
}

async function logout() {
  await api("DELETE", "/api/admin/session");
  session = null;
  location.hash = "";
  showLogin();
}

function visiblePages() {
  return pages.filter((page) => !page.roles || page.roles.includes(session.user.role));
}

async function route() {
  if (!session) return;
  const [path = "dashboard", ...params] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const page = visiblePages().find((candidate) => candidate.path === path) ?? visiblePages()[0];
  // A page outside the menu lights up the menu entry it belongs to.
  const current = visiblePages().find((candidate) => candidate.path === page.parent) ?? page;
  const content = h("main", { id: "content", class: "content" });
  const banner = h("div", { id: "report-banner" });
  const user = session.user;
  const scope =
    user.role === "admin" ? t("role.admin") : user.role === "province" ? t("role.province", { province: provinceName(user.provinceCode) }) : t("role.commune", { commune: user.communeName ?? "", province: provinceName(user.provinceCode) });
  mount(
    app,
    h(
      "header",
      { class: "topbar" },
      h("strong", {}, t("app.title")),
      h("a", { class: "who", href: "#/me", title: t("nav.me") }, `${user.displayName} · ${scope}`),
      h("button", { type: "button", class: "link", onclick: logout }, t("nav.logout")),
    ),
    h(
      "nav",
      { class: "menu", "aria-label": t("nav.label") },
      visiblePages()
        .filter((candidate) => candidate.menu !== false)
        .map((candidate) =>
        h(
          "a",
          { href: `#/${candidate.path}`, class: candidate === current ? "active" : undefined, "aria-current": candidate === current ? "page" : undefined, dataset: { page: candidate.path } },
          t(candidate.label),
          candidate.path === "inbox" ? h("span", { class: "count", id: "inbox-count", hidden: true }) : null,
        ),
      ),
    ),
    banner,
    content,
  );
  showReportBanner(banner);
  showInboxCount();
  try {
    await page.module.render(content, { user, params, catalogue, navigate: (hash) => (location.hash = hash), provinceName });
  } catch (error) {
    console.error(error);
    mount(content, h("p", { class: "form-error" }, t("error.page")));
  }
}

// Questions waiting for staff, in the menu on every page: counted again every 15 seconds.
let inboxTimer;
async function showInboxCount() {
  clearTimeout(inboxTimer);
  if (!session) return;
  const response = await api("GET", "/api/admin/inbox?status=open&limit=200", undefined, { quiet: true });
  const badge = document.getElementById("inbox-count");
  if (response.ok && badge) {
    // Waiting: the person wrote since staff last did, or staff have not answered at all yet.
    const waiting = response.body.handoffs.filter((handoff) => handoff.unread > 0 || handoff.lastMessage?.author !== "staff").length;
    badge.hidden = waiting === 0;
    badge.textContent = String(waiting);
    badge.title = t("inbox.waitingCount", { count: waiting });
    document.title = waiting ? `(${waiting}) ${t("app.title")}` : t("app.title");
  }
  inboxTimer = setTimeout(showInboxCount, 15_000);
}

// Reports due within a week, shown above every page; asked once every ten minutes at most.
let dueReports = { at: 0, items: [] };
async function showReportBanner(banner) {
  if (Date.now() - dueReports.at > 600_000) {
    const response = await api("GET", "/api/admin/reports/items", undefined, { quiet: true });
    dueReports = { at: Date.now(), items: response.ok ? response.body.items : [] };
  }
  mount(
    banner,
    dueReports.items.map((item) =>
      h(
        "p",
        { class: "banner", role: "status" },
        t(item.daysLeft === 0 ? "rep.banner.today" : "rep.banner", { what: item.what, plan: item.planName, date: formatDate(item.date), days: item.daysLeft }),
        " ",
        h("a", { href: `#/reports/${encodeURIComponent(item.plan)}/${encodeURIComponent(item.period)}` }, t("rep.banner.prepare")),
      ),
    ),
  );
}

function provinceName(code) {
  return catalogue?.provinces.find((province) => province.code === code)?.name ?? code ?? "";
}

start();
