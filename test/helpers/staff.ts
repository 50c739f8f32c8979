import type { Application } from "../../src/app/index.js";
import type { AccountInput } from "../../src/staff/index.js";

export const staffPassword = "mat-khau-dai-cua-lan-2026";

/** A logged-in console user: requests carry its session cookie and CSRF token, as the browser's do. */
export interface StaffClient {
  cookie: string;
  csrfToken: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Creates an account (admin by default) and logs in through the HTTP API. */
export async function loginAs(app: Application & { baseUrl: string }, account: Partial<AccountInput> & { username: string }): Promise<StaffClient> {
  await app.staff.accounts.create({
    displayName: account.username,
    password: staffPassword,
    role: "admin",
    ...account,
  });
  const response = await fetch(`${app.baseUrl}/api/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: account.username, password: account.password ?? staffPassword }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    async request(method, path, body) {
      const reply = await fetch(`${app.baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrfToken,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const type = reply.headers.get("content-type") ?? "";
      return { status: reply.status, headers: reply.headers, body: type.includes("json") ? await reply.json() : await reply.text() };
    },
  };
}
