import { completeAnswers, citizenIdBornIn1995Male } from "../test/registrations/fixtures.js";
import type { FakeTelegram } from "../test/fakes/fake-telegram.js";

/** One HTTP request of a simulated person; `check` says whether the answer is a real reply. */
export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: unknown;
  check?: (response: unknown) => boolean;
}

/** The requests of the `index`-th simulated person, sent one after the other. */
export type SessionSource = (index: number) => LoadRequest[];

export const telegramSecret = "benchmark-secret-0123456789";

const questions = [
  "vay đi Nhật được tối đa bao nhiêu",
  "vay tren 200tr co phai the chap ko",
  "kiểm tra công ty xuất khẩu lao động có giấy phép",
  "di dai loan ky quy bao nhieu",
  "lãi suất vay đi làm việc ở nước ngoài",
  "xkld la gi",
  "/menu",
];

function webhook(update: Record<string, unknown>): LoadRequest {
  return {
    path: "/webhooks/telegram",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": telegramSecret },
    body: update,
  };
}

/** One knowledge question per session, from 500 people in turn. */
export function knowledgeQuestions(telegram: FakeTelegram): SessionSource {
  return (index) => [webhook(telegram.textUpdate(100_000 + (index % 500), questions[index % questions.length]!))];
}

/** A new person going through the whole /dangky form, from consent to confirmation; chats from `firstChat` on are new people. */
export function registrations(telegram: FakeTelegram, firstChat = 300_000): SessionSource {
  return (index) => {
    const chat = firstChat + index;
    const answers = completeAnswers(citizenIdBornIn1995Male());
    return [
      webhook(telegram.textUpdate(chat, "/dangky")),
      webhook(telegram.callbackUpdate(chat, "reg:c:yes")),
      ...answers.map((answer) => webhook("text" in answer ? telegram.textUpdate(chat, answer.text) : telegram.callbackUpdate(chat, answer.action))),
      webhook(telegram.callbackUpdate(chat, "reg:confirm")),
    ];
  };
}

/** Web chat visitors asking knowledge questions through `POST /api/chat`. */
export function webChatQuestions(): SessionSource {
  return (index) => [
    {
      path: "/api/chat",
      headers: { "content-type": "application/json" },
      body: { sessionId: `bench-visitor-${index % 500}`, text: questions[index % questions.length] },
      check: (response) => Array.isArray((response as { replies?: unknown }).replies) && (response as { replies: unknown[] }).replies.length > 0,
    },
  ];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Milliseconds from sending each request until its HTTP response. */
  latencies: number[];
  failed: number;
}

/**
 * Closed-loop load: `concurrency` people at a time, each sending its requests in order and
 * waiting for every answer. Requests go to `baseUrls` in turn (a round-robin balancer).
 * Stops starting new sessions once `requests` were sent or `untilMs` passed; an optional
 * `perSecond` paces the requests for a steady load.
 */
export async function runLoad(options: {
  baseUrls: string[];
  concurrency: number;
  sessions: SessionSource;
  requests?: number;
  untilMs?: number;
  perSecond?: number;
  onResult?: (latencyMs: number, ok: boolean) => void;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  let scheduled = 0;
  let nextSession = 0;
  let nextTarget = 0;
  const started = performance.now();
  const done = () =>
    (options.requests !== undefined && sent >= options.requests) || (options.untilMs !== undefined && performance.now() - started >= options.untilMs);

  async function send(request: LoadRequest) {
    if (options.perSecond) {
      // Each request takes its own slot before waiting, so that requests never bunch up.
      const slot = started + (scheduled++ * 1000) / options.perSecond;
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    sent++;
    const baseUrl = options.baseUrls[nextTarget++ % options.baseUrls.length]!;
    const before = performance.now();
    let ok = false;
    try {
      const response = await fetch(`${baseUrl}${request.path}`, { method: "POST", headers: request.headers, body: JSON.stringify(request.body) });
      // grammY's webhook callback answers with an empty body: only a `check` needs JSON.
      const body = await response.text();
      ok = response.status === 200 && (request.check ? request.check(JSON.parse(body)) : true);
    } catch {
      ok = false;
    }
    const latency = performance.now() - before;
    if (options.onResult) options.onResult(latency, ok);
    else latencies.push(latency);
    if (!ok) failed++;
  }

  async function person() {
    while (!done()) {
      for (const request of options.sessions(nextSession++)) await send(request);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, person));
  return { requests: sent, seconds: (performance.now() - started) / 1000, latencies, failed };
}
