import path from "node:path";
import type { OutboundSender, SendOutcome } from "../../src/shared/outbound.js";
import { contentDir } from "../../src/paths.js";
import {
  createAnnouncementService,
  createAnnouncementWorker,
  loadTopics,
  type AnnouncementWorkerOptions,
  type Clock,
  type PushChannel,
} from "../../src/announcements/index.js";
import type { PrismaClient } from "../../src/db/index.js";
import { silentLogger } from "../helpers/app.js";

export const topics = loadTopics(path.join(contentDir, "announcements", "topics.yaml"));

/**
 * A clock that only moves when everyone is asleep: each sleep registers a wake-up time, and
 * once the event loop has nothing else to do the earliest sleeper wakes with the clock set to
 * its time. Rate limits and backoff are then exact and take no real time.
 */
export class FakeClock implements Clock {
  private time: number;
  private sleepers: { at: number; wake: () => void }[] = [];
  private ticking = false;

  constructor(start = Date.UTC(2026, 10, 23, 8, 0, 0)) {
    this.time = start;
  }

  now = () => this.time;

  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.sleepers.push({ at: this.time + Math.max(0, ms), wake: resolve });
      this.tick();
    });

  advance(ms: number) {
    this.time += ms;
  }

  private tick() {
    if (this.ticking) return;
    this.ticking = true;
    setTimeout(() => {
      this.ticking = false;
      if (this.sleepers.length === 0) return;
      const at = Math.min(...this.sleepers.map((sleeper) => sleeper.at));
      this.time = Math.max(this.time, at);
      const due = this.sleepers.filter((sleeper) => sleeper.at <= this.time);
      this.sleepers = this.sleepers.filter((sleeper) => sleeper.at > this.time);
      for (const sleeper of due) sleeper.wake();
      if (this.sleepers.length) this.tick();
    }, 0);
  }
}

export interface SendRecord {
  channel: string;
  userId: string;
  text: string;
  at: number;
}

/** A sender that records what it sends (with the clock's time) and answers what `behave` says. */
export function recordingSender(
  channel: PushChannel,
  clock: Clock,
  behave: (userId: string, call: number) => SendOutcome | Promise<SendOutcome> = () => ({ status: "sent" }),
): OutboundSender & { calls: SendRecord[]; delivered: SendRecord[] } {
  const calls: SendRecord[] = [];
  const delivered: SendRecord[] = [];
  return {
    channel,
    calls,
    delivered,
    async sendText(userId, text) {
      const record = { channel, userId, text, at: clock.now() };
      calls.push(record);
      const outcome = await behave(userId, calls.filter((call) => call.userId === userId).length);
      if (outcome.status === "sent") delivered.push(record);
      return outcome;
    },
  };
}

export async function subscribe(prisma: PrismaClient, people: { channel?: string; userId: string; topic?: string; locality?: string | null }[]) {
  await prisma.subscription.createMany({
    data: people.map((person) => ({
      channel: person.channel ?? "telegram",
      channelUserId: person.userId,
      topic: person.topic ?? "japan",
      locality: person.locality === undefined ? "hue" : person.locality,
      consentAt: new Date(),
      consentMethod: "command /theodoi",
    })),
  });
}

export function telegramPeople(count: number, first = 1000) {
  return Array.from({ length: count }, (_, index) => ({ userId: String(first + index) }));
}

/** Service and worker on one database, with test-sized defaults. */
export function deliveryOn(prisma: PrismaClient, options: { clock: Clock; senders: OutboundSender[] } & Partial<AnnouncementWorkerOptions>) {
  const reachable = options.senders.map((sender) => sender.channel as PushChannel);
  const service = createAnnouncementService({ prisma, reachable, clock: options.clock, logger: silentLogger });
  const worker = createAnnouncementWorker({
    prisma,
    rateLimits: { telegram: { perSecond: 1000, perChatIntervalMs: 0 }, "zalo-bot": { perSecond: 1000, perChatIntervalMs: 0 } },
    concurrency: 4,
    maxAttempts: 3,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    leaseMs: 60_000,
    pollIntervalMs: 50,
    logger: silentLogger,
    startDue: () => service.startDue(),
    ...options,
  });
  return { service, worker };
}

export function registrationRow(overrides: { channel: string; channelUserId: string; status: string }) {
  return {
    applicantType: "worker",
    birthYear: 2000,
    gender: "male",
    provinceCode: "hue",
    education: "thpt",
    desiredCountry: "japan",
    programme: "tts",
    expectedDeparture: "undecided",
    loanNeeded: false,
    priorityGroup: "none",
    referralSource: "friend",
    consentAt: new Date(),
    consentVersion: "test",
    ...overrides,
  } as const;
}
