import { t, toast } from "./dom.js";

// The CSRF token of this session: the server refuses any change without it.
let csrfToken = null;
let onLoggedOut = () => {};

/** For the few requests that are not JSON round trips (a file produced by a POST). */
export function currentCsrfToken() {
  return csrfToken ?? "";
}

export function setSession(token, loggedOut) {
  csrfToken = token;
  if (loggedOut) onLoggedOut = loggedOut;
}

/**
 * Calls the admin API. Errors are shown to the user in Vietnamese and returned, so pages can
 * react (e.g. mark the fields the server refused); a lost session goes back to the login.
 */
export async function api(method, path, body, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        ...(csrfToken && method !== "GET" ? { "x-csrf-token": csrfToken } : {}),
        ...(body !== undefined ? { "content-type": options.contentType ?? "application/json" } : {}),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  } catch {
    toast(t("error.network"), "error");
    return { ok: false, status: 0, body: null };
  }
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  const data = isJson ? await response.json() : await response.text();
  if (response.status === 401 && !options.quiet) {
    onLoggedOut();
    return { ok: false, status: 401, body: data };
  }
  if (!response.ok && !options.quiet) toast(describeError(response.status, data), "error");
  return { ok: response.ok, status: response.status, body: data };
}

/**
 * The error in Vietnamese. The API's own messages are English, for scripts: staff get the
 * fields named by their labels, never the English text nor a field's internal name.
 */
export function describeError(status, data) {
  if (status === 400 && data?.fields) {
    const labels = data.fields.map((item) => {
      const path = String(item.field);
      return t(`field.${path}`, {}, t(`field.${path.split(".").slice(0, 2).join(".")}`, {}, t(`field.${path.split(".")[0]}`, {}, t("error.someField"))));
    });
    return `${t("error.invalid")} ${[...new Set(labels)].join(", ")}`;
  }
  const known = { 403: "error.forbidden", 404: "error.notFound", 409: "error.conflict", 413: "error.tooLarge", 422: "error.unprocessable", 429: "error.tooMany" };
  return t(known[status] ?? (status >= 500 ? "error.server" : "error.generic"));
}
