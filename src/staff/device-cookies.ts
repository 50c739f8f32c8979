import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "../db/index.js";

export const DEVICE_COOKIE = "xkld_device";
const LIFETIME_DAYS = 60;
/** Shared by every instance, so a cookie issued by one is honoured by the others. */
const KEY_STATE = "staff.device-cookie-key";

/**
 * "This browser logged in to this account before" (OWASP's device cookies): signed with a key
 * kept in the database, naming the account, the time of issue and a random id. The login
 * limiter lets such a browser through while the account is slowed down by an attack.
 */
export function createDeviceCookies(deps: { prisma: PrismaClient; now?: () => number }) {
  const now = deps.now ?? Date.now;
  let key: Promise<Buffer> | undefined;

  function loadKey(): Promise<Buffer> {
    key ??= (async () => {
      await deps.prisma.appState.createMany({
        data: [{ key: KEY_STATE, value: randomBytes(32).toString("base64") }],
        skipDuplicates: true,
      });
      const row = await deps.prisma.appState.findUniqueOrThrow({ where: { key: KEY_STATE } });
      return Buffer.from(String(row.value), "base64");
    })().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  }

  const sign = (secret: Buffer, payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");
  const accountOf = (username: string) => username.trim().toLowerCase();

  return {
    maxAgeSeconds: LIFETIME_DAYS * 86_400,

    async issue(username: string): Promise<string> {
      const payload = Buffer.from(`v1:${accountOf(username)}:${Math.floor(now() / 1000)}:${randomBytes(12).toString("base64url")}`).toString("base64url");
      return `${payload}.${sign(await loadKey(), payload)}`;
    },

    /** The cookie's id when it is genuine, unexpired and issued to `username`; otherwise undefined. */
    async verify(cookie: string | undefined, username: string): Promise<string | undefined> {
      const [payload, mac, ...rest] = (cookie ?? "").split(".");
      if (!payload || !mac || rest.length) return undefined;
      const expected = Buffer.from(sign(await loadKey(), payload));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const [version, account, issuedAt, id] = Buffer.from(payload, "base64url").toString("utf8").split(":");
      if (version !== "v1" || account !== accountOf(username) || !id) return undefined;
      if (now() / 1000 - Number(issuedAt) > LIFETIME_DAYS * 86_400) return undefined;
      return id;
    },
  };
}
export type DeviceCookies = ReturnType<typeof createDeviceCookies>;
