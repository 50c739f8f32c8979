import http from "node:http";
import { closeNow, listenOnLoopback, readBody } from "./loopback-server.js";

/**
 * A fake OpenAI-compatible server (what vLLM, Ollama, llama.cpp's server and LM Studio speak)
 * over real HTTP: POST /v1/chat/completions with `{model, messages}`, answered with a
 * `chat.completion` object, or with OpenAI's `{error: {message, type, code}}` envelope and its
 * status (401 bad key, 429 rate limit, 500), or not at all (a hang, for the timeout).
 */
export interface ChatRequest {
  model: string;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  temperature?: number;
  authorization?: string;
}

export type FakeReply = string | { status: 401 | 429 | 500 } | "hang";

export class FakeOpenAi {
  readonly requests: ChatRequest[] = [];
  /** What the next requests get, in order; past the list, `otherwise`. */
  readonly replies: FakeReply[] = [];
  otherwise: FakeReply | ((request: ChatRequest) => FakeReply) = "KHONG";
  private hanging: http.ServerResponse[] = [];
  private server = http.createServer((request, response) => void this.route(request, response));
  url = "";

  async start(): Promise<this> {
    this.url = `${await listenOnLoopback(this.server)}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await closeNow(this.server);
  }

  /** Everything the server was sent, as one text: for "was this ever sent?" checks. */
  receivedText(): string {
    return this.requests.flatMap((request) => request.messages.map((message) => message.content)).join("\n");
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse) {
    const body = await readBody(request);
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") return this.error(response, 404, "Not found", "invalid_request_error");
    const parsed = JSON.parse(body) as ChatRequest;
    const chat = { ...parsed, authorization: request.headers.authorization };
    this.requests.push(chat);
    const queued = this.replies.shift();
    const reply = queued ?? (typeof this.otherwise === "function" ? this.otherwise(chat) : this.otherwise);
    if (reply === "hang") {
      this.hanging.push(response);
      return;
    }
    if (typeof reply !== "string") {
      const kinds = {
        401: ["Incorrect API key provided", "invalid_request_error", "invalid_api_key"],
        429: ["Rate limit reached", "requests", "rate_limit_exceeded"],
        500: ["The server had an error", "server_error", null],
      } as const;
      const [message, type, code] = kinds[reply.status];
      return this.error(response, reply.status, message, type, code);
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: parsed.model,
        choices: [{ index: 0, message: { role: "assistant", content: reply, refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      }),
    );
  }

  private error(response: http.ServerResponse, status: number, message: string, type: string, code: string | null = null) {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { message, type, param: null, code } }));
  }
}
