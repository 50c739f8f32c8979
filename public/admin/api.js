import { t, toast } from "./dom.js";

// The CSRF token of this session: the server refuses any change without it.
let csrfToken = null;
let onLoggedOut = () => {};

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

export function describeError(status, data) {
  if (status === 400 && data?.fields) {
    return `${t("error.invalid")} ${data.fields.map((item) => `${t(`field.${item.field}`, {}, item.field)}: ${item.message}`).join("; ")}`;
  }
  const known = { 403: "error.forbidden", 404: "error.notFound", 409: "error.conflict", 413: "error.tooLarge", 422: "error.unprocessable", 429: "error.tooMany" };
  const key = known[status] ?? (status >= 500 ? "error.server" : "error.generic");
  return data?.error ? `${t(key)} (${data.error})` : t(key);
}
