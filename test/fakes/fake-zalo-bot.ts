import { randomBytes } from "node:crypto";
import http from "node:http";
import { closeNow, listenOnLoopback, readBody } from "./loopback-server.js";

/**
 * A fake of the Zalo Bot API over real HTTP, written from reference/zalo-api.md §1 and §5.1:
 * `/bot<token>/<method>` URLs (GET or POST, query merged with JSON), `{ok, result}` /
 * `{ok:false, error_code, description}` envelopes with HTTP 200 for logical errors, one
 * update per getUpdates with 408 when idle (and its observed variants), 409 for a second
 * concurrent poll, the 1–2000 character limit, the 8–256 character webhook secret, and
 * webhook deliveries with `X-Bot-Api-Secret-Token`, wrapped or bare.
 */
export interface ZaloBotCall {
  method: string;
  body: Record<string, unknown>;
}

export type IdleVariant = "http-408" | "http-200-408" | "string-408" | "empty-result";

export interface FakeZaloBotOptions {
  token: string;
  /** Longest wait of an idle getUpdates, whatever timeout is asked (default 1 s, real: 50 s). */
  maxPollSeconds?: number;
  idleVariant?: IdleVariant;
}

export interface InboundOptions {
  event?: "message.text.received" | "message.image.received" | "message.sticker.received" | "message.unsupported.received" | string;
  chatType?: "PRIVATE" | "GROUP";
  displayName?: string;
  messageId?: string;
}

export class FakeZaloBot {
  readonly calls: ZaloBotCall[] = [];
  readonly sent: { chat_id: string; text: string }[] = [];
  webhook: { url: string; secret: string; updatedAt: number } | undefined;
  idleVariant: IdleVariant;
  private queue: Record<string, unknown>[] = [];
  private polling = false;
  private waiters: (() => void)[] = [];
  private failures: { method: string; status: number; body: string; contentType: string }[] = [];
  private server = http.createServer((request, response) => void this.route(request, response));
  url = "";

  constructor(private options: FakeZaloBotOptions) {
    this.idleVariant = options.idleVariant ?? "http-408";
  }

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    await closeNow(this.server);
  }

  /** An update as the docs' webhook sample has it (§1.5). */
  update(chatId: string, text: string | undefined, options: InboundOptions = {}): Record<string, unknown> {
    return {
      event_name: options.event ?? "message.text.received",
      message: {
        from: { id: chatId, display_name: options.displayName ?? "Ted", is_bot: false },
        chat: { id: chatId, chat_type: options.chatType ?? "PRIVATE" },
        ...(text !== undefined ? { text } : {}),
        ...(options.event === "message.image.received" ? { photo_url: "https://example.com/a.jpg" } : {}),
        message_id: options.messageId ?? randomBytes(10).toString("hex"),
        date: Date.now(),
      },
    };
  }

  /** Queues an update for getUpdates. */
  enqueue(update: Record<string, unknown>) {
    this.queue.push(update);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /**
   * Delivers an update to the registered webhook, as Zalo would, but at `baseUrl` (the
   * registered public URL is not reachable from a test). `secret: null` omits the header.
   */
  async deliver(baseUrl: string, update: Record<string, unknown>, options: { wrap?: boolean; secret?: string | null } = {}) {
    if (!this.webhook) throw new Error("no webhook registered");
    const secret = options.secret === undefined ? this.webhook.secret : options.secret;
    return fetch(`${baseUrl}${new URL(this.webhook.url).pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret !== null ? { "x-bot-api-secret-token": secret } : {}) },
      body: JSON.stringify(options.wrap ? { ok: true, result: update } : update),
    });
  }

  /** The next call of `method` gets this answer instead (e.g. a proxy's HTML 502). */
  failNext(method: string, status: number, body: unknown, contentType = "application/json") {
    this.failures.push({ method, status, body: typeof body === "string" ? body : JSON.stringify(body), contentType });
  }

  sentTo(chatId: string) {
    return this.sent.filter((message) => message.chat_id === chatId);
  }

  callsOf(method: string) {
    return this.calls.filter((call) => call.method === method);
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
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? "/", "http://fake");
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(match[1]!) !== this.options.token) return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2]!;
    let body: Record<string, unknown> = Object.fromEntries(url.searchParams);
    try {
      if (raw) body = { ...body, ...(JSON.parse(raw) as Record<string, unknown>) };
    } catch {
      return reply(400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON object" });
    }
    this.calls.push({ method, body });
    const failureIndex = this.failures.findIndex((failure) => failure.method === method);
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      response.writeHead(failure!.status, { "content-type": failure!.contentType });
      return response.end(failure!.body);
    }
    const ok = (result?: unknown) => reply(200, result === undefined ? { ok: true } : { ok: true, result });
    const bad = (description: string) => reply(400, { ok: false, error_code: 400, description });
    switch (method) {
      case "getMe":
        return ok({ id: "1459232241454765289", account_name: "bot.fake", account_type: "BASIC", can_join_groups: false });
      case "getUpdates":
        return this.getUpdates(body, reply, ok);
      case "setWebhook": {
        const target = String(body.url ?? "");
        const secret = String(body.secret_token ?? "");
        if (!/^https:\/\//.test(target) && !/^http:\/\/127\.0\.0\.1[:/]/.test(target)) return bad("Bad request: url must be https");
        if (secret.length < 8 || secret.length > 256) return bad("Bad request: secret_token must be 8-256 characters");
        this.webhook = { url: target, secret, updatedAt: Date.now() };
        return ok({ url: target, updated_at: this.webhook.updatedAt });
      }
      case "deleteWebhook":
        this.webhook = undefined;
        return ok({ url: "", updated_at: Date.now() });
      case "getWebhookInfo":
        return this.webhook
          ? ok({ url: this.webhook.url, updated_at: this.webhook.updatedAt })
          : reply(404, { ok: false, description: "Not Found", error_code: 404 });
      case "sendChatAction":
        if (!body.chat_id) return bad("Bad request: The chat_id must not be empty");
        if (body.action !== "typing" && body.action !== "upload_photo") return bad("Bad request: invalid action");
        return ok();
      case "sendMessage": {
        if (!body.chat_id) return bad("Bad request: The chat_id must not be empty");
        const text = typeof body.text === "string" ? body.text : "";
        if (text.length < 1 || text.length > 2000) return bad("Bad request: text must be 1-2000 characters");
        if (body.parse_mode !== undefined && body.parse_mode !== "markdown" && body.parse_mode !== "html") return bad("Bad request: invalid parse_mode");
        this.sent.push({ chat_id: String(body.chat_id), text });
        return ok({ message_id: randomBytes(10).toString("hex"), date: Date.now() });
      }
      default:
        return reply(200, { ok: false, description: "Not Found", error_code: 404 });
    }
  }

  private async getUpdates(body: Record<string, unknown>, reply: (status: number, body: unknown) => void, ok: (result?: unknown) => void) {
    if (this.webhook) return reply(400, { ok: false, error_code: 400, description: "Webhook is configured; delete it before using getUpdates" });
    if (this.polling) return reply(409, { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request" });
    this.polling = true;
    try {
      if (this.queue.length === 0) {
        const seconds = Math.min(Number(body.timeout ?? 30) || 0, this.options.maxPollSeconds ?? 1, 50);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, seconds * 1000);
          this.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      const next = this.queue.shift();
      if (next) return ok(next);
      switch (this.idleVariant) {
        case "http-408":
          return reply(408, { ok: false, error_code: 408, description: "Request timeout" });
        case "http-200-408":
          return reply(200, { ok: false, error_code: 408, description: "Request timeout" });
        case "string-408":
          return reply(408, { ok: false, error_code: "408", description: "Request timeout" });
        case "empty-result":
          return ok({});
      }
    } finally {
      this.polling = false;
    }
  }
}
