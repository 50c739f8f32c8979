import type { PrismaClient } from "../db/index.js";
import type { Clock } from "./clock.js";

export interface Person {
  channel: string;
  userId: string;
}

export interface Subscriptions {
  /** Active topics of a person, in catalogue order is up to the caller. */
  activeTopics(person: Person): Promise<{ topic: string; locality: string | null }[]>;
  /**
   * Makes `topics` the person's active topics in `locality`, with fresh consent for each
   * (when and how it was given); topics not listed are unsubscribed.
   */
  subscribe(person: Person, choice: { topics: string[]; locality: string | null; consentMethod: string }): Promise<void>;
  /** One topic, or all when `topic` is undefined; returns how many were active. */
  unsubscribe(person: Person, topic?: string): Promise<number>;
}

export function createSubscriptions(deps: { prisma: PrismaClient; clock: Clock }): Subscriptions {
  const { prisma, clock } = deps;
  return {
    async activeTopics(person) {
      return prisma.subscription.findMany({
        where: { channel: person.channel, channelUserId: person.userId, active: true },
        select: { topic: true, locality: true },
        orderBy: { id: "asc" },
      });
    },

    async subscribe(person, choice) {
      const now = new Date(clock.now());
      const key = { channel: person.channel, channelUserId: person.userId };
      await prisma.$transaction([
        prisma.subscription.updateMany({
          where: { ...key, active: true, topic: { notIn: choice.topics } },
          data: { active: false, unsubscribedAt: now },
        }),
        ...choice.topics.map((topic) =>
          prisma.subscription.upsert({
            where: { channel_channelUserId_topic: { ...key, topic } },
            create: { ...key, topic, locality: choice.locality, consentAt: now, consentMethod: choice.consentMethod },
            // Each new choice is a new consent: record it rather than keep the first one.
            update: { locality: choice.locality, consentAt: now, consentMethod: choice.consentMethod, active: true, unsubscribedAt: null },
          }),
        ),
      ]);
    },

    async unsubscribe(person, topic) {
      const result = await prisma.subscription.updateMany({
        where: { channel: person.channel, channelUserId: person.userId, active: true, ...(topic ? { topic } : {}) },
        data: { active: false, unsubscribedAt: new Date(clock.now()) },
      });
      return result.count;
    },
  };
}
