import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { closeNow, listenOnLoopback, readBody } from "./loopback-server.js";

/**
 * A fake of the Zalo OA platform over real HTTP, written from reference/zalo-api.md §2 and
 * §5.2: OAuth v4 (`POST /v4/oa/access_token`, form-encoded, `secret_key` header, rotating
 * single-use refresh tokens, `expires_in` as a string, errors with HTTP 200), the Open API
 * (`access_token` header, `{data, error, message}` envelopes with HTTP 200 errors: -216,
 * -32, -201, -213, -230/-232), customer-service messages (2,000 characters after NFC, at most
 * 5 buttons, the 7-day window) and signed webhook deliveries (`X-ZEvent-Signature`).
 */
export const DAY_MS = 24 * 3600_000;

export interface FakeZaloOaOptions {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId?: string;
  accessToken: string;
  refreshToken: string;
  /** Latency of the OAuth endpoint, so that concurrent refreshes overlap (default 300 ms). */
  oauthDelayMs?: number;
}

export interface CsMessage {
  recipient: { user_id: string };
  message: { text?: string; attachment?: { type: string; payload: { buttons?: { title: string; type: string; payload: unknown }[] } } };
}

export interface FakeOaUser {
  follower: boolean;
  /** Epoch ms of the last interaction; absent: never interacted. */
  lastInteraction?: number;
}

export class FakeZaloOa {
  readonly sent: CsMessage[] = [];
  readonly oauthCalls: { grant_type: string; refresh_token?: string; ok: boolean }[] = [];
  readonly apiCalls: { path: string; accessToken?: string; error: number }[] = [];
  readonly users = new Map<string, FakeOaUser>();
  readonly usedRefreshTokens = new Set<string>();
  tokens: { access: string; refresh: string; accessExpired: boolean };
  /** The next N Open API calls answer -32 (rate limit). */
  rateLimitNext = 0;
  /** Answer -201 to text messages that carry buttons (as if v3 refused them). */
  refuseButtons = false;
  private server = http.createServer((request, response) => void this.route(request, response));
  private msgCounter = 0;
  url = "";

  constructor(private options: FakeZaloOaOptions) {
    this.tokens = { access: options.accessToken, refresh: options.refreshToken, accessExpired: false };
  }

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  /** Zalo has expired the current access token: calls now get -216 until a refresh. */
  expireAccessToken() {
    this.tokens.accessExpired = true;
  }

  textEvent(userId: string, text: string, msgId = randomBytes(10).toString("hex")): Record<string, unknown> {
    return {
      app_id: this.options.appId,
      sender: { id: userId },
      user_id_by_app: "552177279717587730",
      recipient: { id: this.options.oaId ?? "388613280878808645" },
      event_name: "user_send_text",
      message: { text, msg_id: msgId },
      timestamp: String(Date.now()),
    };
  }

  followEvent(userId: string, eventName: "follow" | "unfollow" = "follow"): Record<string, unknown> {
    return {
      oa_id: this.options.oaId ?? "388613280878808645",
      follower: { id: userId },
      user_id_by_app: "552172779717587730",
      event_name: eventName,
      source: "oa_profile",
      app_id: this.options.appId,
      timestamp: String(Date.now()),
    };
  }

  submitInfoEvent(userId: string): Record<string, unknown> {
    return {
      sender: { id: userId },
      recipient: { id: this.options.oaId ?? "388613280878808645" },
      event_name: "user_submit_info",
      app_id: this.options.appId,
      timestamp: String(Date.now()),
      info: { name: "Name Example", phone: "84912345678", full_address: { user_city: "Thành phố Hồ Chí Minh" } },
    };
  }

  echoEvent(userId: string, text: string): Record<string, unknown> {
    return {
      app_id: this.options.appId,
      sender: { id: this.options.oaId ?? "388613280878808645", admin_id: "1" },
      recipient: { id: userId },
      event_name: "oa_send_text",
      message: { text, msg_id: randomBytes(10).toString("hex") },
      timestamp: String(Date.now()),
    };
  }

  /** `mac=` + sha256(firstTerm + body + timestamp + OA secret key), as Zalo signs. */
  sign(body: string, timestamp: string, options: { firstTerm?: string; secret?: string } = {}): string {
    const first = options.firstTerm ?? this.options.appId;
    return createHash("sha256")
      .update(first + body + timestamp + (options.secret ?? this.options.oaSecretKey), "utf8")
      .digest("hex");
  }

  /**
   * Delivers an event to our webhook as Zalo does: records the interaction, serialises the
   * body once and signs exactly those bytes. Variants reproduce what sources disagree on.
   */
  async deliver(
    webhookUrl: string,
    event: Record<string, unknown>,
    variant: { signature?: "valid" | "wrong" | "missing" | "no-prefix" | "oa-id"; rawBody?: string; wrap?: boolean } = {},
  ): Promise<Response> {
    const userId = (event.sender as { id?: string } | undefined)?.id ?? (event.follower as { id?: string } | undefined)?.id;
    if (userId && (String(event.event_name).startsWith("user_") || event.event_name === "follow")) {
      const user = this.users.get(userId!) ?? { follower: true };
      this.users.set(userId!, { ...user, follower: true, lastInteraction: Date.now() });
    }
    const body = variant.rawBody ?? JSON.stringify(variant.wrap ? { data: event } : event);
    const timestamp = String(event.timestamp);
    const signature = variant.signature ?? "valid";
    const mac =
      signature === "wrong"
        ? this.sign(body, timestamp, { secret: "not-the-oa-secret" })
        : this.sign(body, timestamp, signature === "oa-id" ? { firstTerm: this.options.oaId ?? "388613280878808645" } : {});
    return fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(signature === "missing" ? {} : { "x-zevent-signature": signature === "no-prefix" ? mac : `mac=${mac}` }),
      },
      body,
    });
  }

  sentTo(userId: string): CsMessage[] {
    return this.sent.filter((message) => message.recipient.user_id === userId);
  }

  async waitForSent(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} sent messages, got ${this.sent.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse) {
    const raw = await readBody(request);
    const url = new URL(request.url ?? "/", "http://fake");
    const reply = (body: unknown, status = 200, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method === "POST" && url.pathname === "/v4/oa/access_token") return this.oauth(request, raw, reply);
    if (url.pathname.startsWith("/v3.0/") || url.pathname.startsWith("/v2.0/")) return this.openApi(request, url.pathname, raw, reply);
    return reply({ error: 404, message: "Not Found" }, 404);
  }

  private async oauth(request: http.IncomingMessage, raw: string, reply: (body: unknown) => void) {
    const form = new URLSearchParams(raw);
    await new Promise((resolve) => setTimeout(resolve, this.options.oauthDelayMs ?? 300));
    const record = (ok: boolean) =>
      this.oauthCalls.push({ grant_type: form.get("grant_type") ?? "", refresh_token: form.get("refresh_token") ?? undefined, ok });
    if (request.headers["secret_key"] !== this.options.appSecret || form.get("app_id") !== this.options.appId) {
      record(false);
      return reply({ error: -14002, error_name: "Invalid appId", error_description: "app_id or secret_key is invalid" });
    }
    if (form.get("grant_type") !== "refresh_token") {
      record(false);
      return reply({ error: -14001, error_name: "Invalid grant_type", error_description: "unsupported grant" });
    }
    const given = form.get("refresh_token") ?? "";
    // Single use: the old refresh token is invalidated as a new one is returned.
    if (given !== this.tokens.refresh || this.usedRefreshTokens.has(given)) {
      record(false);
      return reply({ error: -14020, error_name: "Invalid refresh token", error_description: "refresh token is invalid or was used" });
    }
    this.usedRefreshTokens.add(given);
    this.tokens = { access: `access-${randomBytes(12).toString("hex")}`, refresh: `refresh-${randomBytes(12).toString("hex")}`, accessExpired: false };
    record(true);
    return reply({ access_token: this.tokens.access, refresh_token: this.tokens.refresh, expires_in: "90000" });
  }

  private openApi(request: http.IncomingMessage, path: string, raw: string, reply: (body: unknown, status?: number, headers?: Record<string, string>) => void) {
    const accessToken = request.headers["access_token"] as string | undefined;
    const answer = (error: number, message: string, data?: unknown) => {
      this.apiCalls.push({ path, accessToken, error });
      return reply(data === undefined ? { error, message } : { data, error, message }, 200, { "X-RateLimit-Limit": "4000", "X-RateLimit-Remain": "3999" });
    };
    if (!accessToken || accessToken !== this.tokens.access || this.tokens.accessExpired) return answer(-216, "Access token is invalid");
    if (this.rateLimitNext > 0) {
      this.rateLimitNext--;
      return answer(-32, "Your application reached limit call api");
    }
    if (path !== "/v3.0/oa/message/cs") return answer(-209, "Not supported this api");
    let body: CsMessage;
    try {
      body = JSON.parse(raw) as CsMessage;
    } catch {
      return answer(-201, "body is invalid!");
    }
    const userId = body.recipient?.user_id;
    const user = userId ? this.users.get(userId) : undefined;
    if (!userId || !user) return answer(-201, "user_id is invalid!");
    if (!user.follower) return answer(-213, "User has not followed OA");
    if (user.lastInteraction === undefined) return answer(-232, "User has not interacted with the OA, or the last interaction has expired");
    if (Date.now() - user.lastInteraction > 7 * DAY_MS) return answer(-230, "User has not interacted with the OA in the past 7 days");
    const text = body.message?.text;
    if (text !== undefined && (text.normalize("NFC").length > 2000 || text.length === 0)) return answer(-201, "text is invalid!");
    const buttons = body.message?.attachment?.payload?.buttons;
    if (buttons && (buttons.length > 5 || this.refuseButtons)) return answer(-201, "attachment is invalid!");
    this.sent.push(body);
    return answer(0, "Success", {
      message_id: randomBytes(10).toString("hex"),
      user_id: userId,
      sent_time: String(Date.now() + this.msgCounter++),
    });
  }
}
