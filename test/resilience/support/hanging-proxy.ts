import http from "node:http";
import { closeNow, listenOnLoopback, readBody } from "../../fakes/loopback-server.js";

/**
 * An HTTP proxy in front of a fake platform API that can leave calls unanswered, as a
 * platform does when it is overloaded. Everything else is passed through unchanged.
 */
export class HangingProxy {
  /** Calls that were left hanging, by URL path. */
  readonly hung: string[] = [];
  private hangs: { pathEnd: string; remaining: number; afterForwarding: boolean }[] = [];
  private server = http.createServer((request, response) => void this.route(request, response));
  url = "";

  constructor(private targetUrl: string) {}

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.server);
    return this;
  }

  /**
   * The next `count` calls whose path ends with `pathEnd` (e.g. "/sendMessage") never get an
   * answer. `afterForwarding`: the call reaches the API first and only its answer is lost
   * (the message was sent); otherwise it is lost on the way there.
   */
  hangNext(pathEnd: string, options: { count?: number; afterForwarding?: boolean } = {}) {
    this.hangs.push({ pathEnd, remaining: options.count ?? 1, afterForwarding: options.afterForwarding ?? false });
  }

  stop(): Promise<void> {
    return closeNow(this.server);
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse) {
    const path = request.url ?? "/";
    const body = await readBody(request);
    const hang = this.hangs.find((rule) => rule.remaining > 0 && path.endsWith(rule.pathEnd));
    if (hang) {
      hang.remaining--;
      this.hung.push(path);
    }
    if (hang && !hang.afterForwarding) return;
    const upstream = await fetch(`${this.targetUrl}${path}`, {
      method: request.method,
      headers: { "content-type": request.headers["content-type"] ?? "application/json" },
      body: request.method === "GET" || request.method === "HEAD" ? undefined : body,
    });
    if (hang) return;
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    response.end(await upstream.text());
  }
}
