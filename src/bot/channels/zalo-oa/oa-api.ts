import axios from "axios";
import { z } from "zod";
import { TokenRefreshFailed, type OaTokenStore } from "./token-store.js";

/** What a refused OA call means for us; Zalo answers HTTP 200 with `error != 0` for all of these. */
export type OaFailureKind = "token" | "not-follower" | "blocked" | "outside-window" | "rate-limited" | "quota" | "invalid" | "transient" | "other";

export interface OaFailure {
  kind: OaFailureKind;
  code?: number;
  message: string;
}

export type OaResult<T> = { ok: true; data: T } | { ok: false; failure: OaFailure };

export interface OaApi {
  post<T = unknown>(path: string, body: unknown): Promise<OaResult<T>>;
}

const envelope = z.looseObject({
  error: z.union([z.number(), z.string()]).transform(Number),
  message: z.string().optional(),
  data: z.unknown().optional(),
});

// From Zalo's error-code page (codes marked ★ in the reference) and the integration notes.
const kindByCode: Record<number, OaFailureKind> = {
  [-216]: "token",
  [-220]: "token",
  [-213]: "not-follower",
  [-217]: "blocked",
  [-227]: "blocked",
  [-244]: "blocked",
  [-230]: "outside-window",
  [-232]: "outside-window",
  [-32]: "rate-limited",
  [-211]: "quota",
  [-218]: "quota",
  [-201]: "invalid",
  [-210]: "invalid",
  [-233]: "invalid",
  [-200]: "transient",
};

/**
 * The OA Open API over axios. The access token goes in the `access_token` header (not
 * `Authorization`). A rejected token (-216, -220, or HTTP 401 as one source reports) is
 * renewed once and the call retried once; whatever happens, a typed result comes back.
 */
export function createOaApi(options: { apiRoot: string; tokens: OaTokenStore; timeoutMs?: number }): OaApi {
  const http = axios.create({
    baseURL: options.apiRoot.replace(/\/+$/, ""),
    timeout: options.timeoutMs ?? 10_000,
    validateStatus: () => true,
  });

  async function attempt<T>(path: string, body: unknown, accessToken: string): Promise<OaResult<T>> {
    let response;
    try {
      response = await http.post(path, body, { headers: { access_token: accessToken, "content-type": "application/json" } });
    } catch (error) {
      // The axios error holds the token in its request headers: keep only its code.
      return fail("transient", `network error (${axios.isAxiosError(error) ? (error.code ?? "unknown") : "unknown"})`);
    }
    if (response.status === 401) return fail("token", "HTTP 401");
    const parsed = envelope.safeParse(response.data);
    if (!parsed.success) {
      return fail(response.status >= 500 || response.status === 429 ? "transient" : "other", `HTTP ${response.status} without a Zalo envelope`);
    }
    const { error: code, message = "" } = parsed.data;
    if (code === 0) return { ok: true, data: parsed.data.data as T };
    return { ok: false, failure: { kind: kindByCode[code] ?? "other", code, message } };
  }

  return {
    async post<T>(path: string, body: unknown): Promise<OaResult<T>> {
      let token: string;
      try {
        token = await options.tokens.accessToken();
      } catch (error) {
        return tokenFailure(error);
      }
      const first = await attempt<T>(path, body, token);
      if (first.ok || first.failure.kind !== "token") return first;
      try {
        token = await options.tokens.renewAfterRejection(token);
      } catch (error) {
        return tokenFailure(error);
      }
      return attempt<T>(path, body, token);
    },
  };
}

function fail(kind: OaFailureKind, message: string): { ok: false; failure: OaFailure } {
  return { ok: false, failure: { kind, message } };
}

function tokenFailure(error: unknown): { ok: false; failure: OaFailure } {
  const reason = error instanceof TokenRefreshFailed ? error.message : "token store unavailable";
  return fail(error instanceof TokenRefreshFailed ? "token" : "transient", reason);
}
