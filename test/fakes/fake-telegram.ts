import http from "node:http";
import { closeNow, listenOnLoopback, readBody } from "./loopback-server.js";

/**
 * A fake of the Telegram Bot API over real HTTP, faithful to what we rely on: the
 * `/bot<token>/<method>` URLs, JSON bodies, the `{ok, result}` / `{ok:false, error_code,
 * description, parameters}` envelopes, 429 with `retry_after`, 403 for a user who blocked
 * the bot, long-polling getUpdates, and the 4096-character message limit.
 */
export interface SentMessage {
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

export interface FakeTelegramOptions {
  token: string;
  /** Messages per second accepted across all chats; beyond it: 429 with retry_after. */
  globalRateLimit?: number;
}

export class FakeTelegram {
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  readonly sent: SentMessage[] = [];
  readonly blockedChats = new Set<string>();
  webhook: { url: string; secret_token?: string } | undefined;
  private pendingUpdates: unknown[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private failures: { method: string; status: number; retryAfter?: number; description: string }[] = [];
  private waiters: (() => void)[] = [];
  private windowStart = 0;
  private windowCount = 0;
  private server = http.createServer((request, response) => void this.route(request, response));
  url = "";

  constructor(private options: FakeTelegramOptions) {}

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    await closeNow(this.server);
  }

  /** The next call of `method` fails with this status (e.g. 429 with retryAfter, 500). */
  failNext(method: string, status: number, options: { retryAfter?: number; description?: string } = {}) {
    this.failures.push({ method, status, retryAfter: options.retryAfter, description: options.description ?? `Error ${status}` });
  }

  /** Queues an update for getUpdates (long polling) and returns it (for webhooks). */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown> {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.pendingUpdates.push(full);
    for (const wake of this.waiters.splice(0)) wake();
    return full;
  }

  textUpdate(chatId: number, text: string): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Test" },
        from: { id: chatId, is_bot: false, first_name: "Test", language_code: "vi" },
        text,
        ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}),
      },
    };
  }

  callbackUpdate(chatId: number, data: string): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(this.nextMessageId++),
        chat_instance: "1",
        data,
        from: { id: chatId, is_bot: false, first_name: "Test" },
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Test" }, text: "menu" },
      },
    };
  }

  stickerUpdate(chatId: number): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private", first_name: "Test" },
        from: { id: chatId, is_bot: false, first_name: "Test" },
        sticker: { file_id: "x", file_unique_id: "y", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
      },
    };
  }

  sentTo(chatId: number): SentMessage[] {
    return this.sent.filter((message) => String(message.chat_id) === String(chatId));
  }

  /** Resolves when at least `count` messages were sent (or rejects after `timeoutMs`). */
  async waitForSent(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} sent messages, got ${this.sent.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? "");
    const raw = await readBody(request);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (!match) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== this.options.token) return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2]!;
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
    }
    this.calls.push({ method, body });
    const failureIndex = this.failures.findIndex((failure) => failure.method === method);
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      return reply(failure!.status, {
        ok: false,
        error_code: failure!.status,
        description: failure!.description,
        ...(failure!.retryAfter !== undefined ? { parameters: { retry_after: failure!.retryAfter } } : {}),
      });
    }
    const ok = (result: unknown) => reply(200, { ok: true, result });
    switch (method) {
      case "getMe":
        return ok({ id: 42, is_bot: true, first_name: "Trợ lý XKLĐ", username: "xkld_test_bot", can_join_groups: false });
      case "setWebhook":
        this.webhook = { url: String(body.url), secret_token: body.secret_token as string | undefined };
        return ok(true);
      case "deleteWebhook":
        this.webhook = undefined;
        return ok(true);
      case "getUpdates":
        return ok(await this.takeUpdates(Number(body.offset ?? 0), Number(body.timeout ?? 0)));
      case "answerCallbackQuery":
      case "sendChatAction":
        return ok(true);
      case "sendMessage":
        return this.sendMessage(body, reply, ok);
      default:
        return reply(404, { ok: false, error_code: 404, description: `Not Found: method ${method} not faked` });
    }
  }

  private sendMessage(body: Record<string, unknown>, reply: (status: number, body: unknown) => void, ok: (result: unknown) => void) {
    const text = typeof body.text === "string" ? body.text : "";
    if (!text) return reply(400, { ok: false, error_code: 400, description: "Bad Request: message text is empty" });
    if (text.length > 4096) return reply(400, { ok: false, error_code: 400, description: "Bad Request: message is too long" });
    if (this.blockedChats.has(String(body.chat_id))) {
      return reply(403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    }
    if (this.options.globalRateLimit && !this.takeRateSlot()) {
      return reply(429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    }
    this.sent.push(body as unknown as SentMessage);
    return ok({ message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: body.chat_id, type: "private" }, text });
  }

  private takeRateSlot(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (this.windowCount >= this.options.globalRateLimit!) return false;
    this.windowCount++;
    return true;
  }

  private async takeUpdates(offset: number, timeoutSeconds: number): Promise<unknown[]> {
    this.pendingUpdates = this.pendingUpdates.filter((update) => (update as { update_id: number }).update_id >= offset);
    if (this.pendingUpdates.length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeoutSeconds, 2) * 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.pendingUpdates.slice(0, 100);
  }
}
