import axios, { type AxiosInstance } from "axios";
import { z } from "zod";

/**
 * A failed Zalo Bot API call. It carries the method name and Zalo's code and description,
 * never the request URL: the bot token is part of that URL, and axios errors repeat it in
 * `config.url`, so they are never rethrown or logged as they are.
 */
export class ZaloBotApiError extends Error {
  constructor(
    readonly method: string,
    /** Zalo's `error_code` (a number, even when Zalo sent a string), or the HTTP status. */
    readonly errorCode: number | undefined,
    readonly description: string,
    /** Undefined when no HTTP answer came back (network error, timeout, cancelled). */
    readonly httpStatus?: number,
  ) {
    super(`Zalo Bot ${method} failed: ${errorCode ?? "no response"} ${description}`);
    this.name = "ZaloBotApiError";
  }

  /** An empty long poll: Zalo says "Request timeout" with code 408 when nobody wrote. */
  get idle(): boolean {
    return this.errorCode === 408;
  }
}

/** What the log says of a failed call: Zalo's code and description, never the error object of axios (its URL holds the token). */
export function describeApiError(error: unknown): Record<string, unknown> {
  return error instanceof ZaloBotApiError ? { method: error.method, errorCode: error.errorCode, description: error.description } : { err: error };
}

export interface ZaloBotApi {
  call<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<T | undefined>;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

// `error_code` has been seen as a number and as the string "408"; success may carry 0.
const envelope = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.union([z.number(), z.string()]).optional(),
  description: z.string().optional(),
});

export function createZaloBotApi(options: { token: string; apiRoot: string; timeoutMs?: number }): ZaloBotApi {
  const http: AxiosInstance = axios.create({
    baseURL: `${options.apiRoot.replace(/\/+$/, "")}/bot${options.token}/`,
    timeout: options.timeoutMs ?? 10_000,
    // 408, 404 and 429 carry meaning: the envelope decides, not the status.
    validateStatus: () => true,
    headers: { "content-type": "application/json" },
  });

  return {
    async call<T>(method: string, params: Record<string, unknown> = {}, callOptions: CallOptions = {}) {
      let response;
      try {
        response = await http.post(method, params, { timeout: callOptions.timeoutMs, signal: callOptions.signal });
      } catch (error) {
        throw new ZaloBotApiError(method, undefined, transportProblem(error));
      }
      const parsed = envelope.safeParse(response.data);
      if (!parsed.success) {
        // An HTML page from a proxy (nginx 429, 502…) may echo the URL: keep only the status.
        throw new ZaloBotApiError(method, response.status, `HTTP ${response.status} without a Zalo envelope`, response.status);
      }
      if (!parsed.data.ok) {
        const code = Number(parsed.data.error_code ?? response.status);
        throw new ZaloBotApiError(method, Number.isFinite(code) ? code : response.status, parsed.data.description ?? "", response.status);
      }
      return parsed.data.result as T | undefined;
    },
  };
}

function transportProblem(error: unknown): string {
  if (axios.isCancel(error)) return "cancelled";
  if (axios.isAxiosError(error)) return error.code ?? "network error";
  return "network error";
}
