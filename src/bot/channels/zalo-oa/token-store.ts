import { createHash, randomUUID } from "node:crypto";
import axios from "axios";
import type { Logger } from "pino";
import { z } from "zod";
import type { PrismaClient } from "../../../db/index.js";
import { Prisma } from "../../../db/index.js";

/**
 * The OA's OAuth v4 tokens, kept in `app_state` under `zalo-oa:tokens` and shared by every
 * instance. Zalo refresh tokens are single-use and rotate at each refresh, so a refresh is a
 * critical section: two refreshes with the same token lose the grant, and a new pair that
 * is used before it is saved is lost with the process.
 *
 * The lock is two-level, and the same code is correct on PGlite and on PostgreSQL:
 * - in this process, a single flight: concurrent callers share one refresh;
 * - across processes, a lease written under `SELECT … FOR UPDATE` in a short transaction.
 *   The lease, not the row lock, is held during the OAuth call, because a transaction kept
 *   open over an HTTP call would stall the whole embedded database (PGlite runs one
 *   transaction at a time). After taking the lock, the stored tokens are read again:
 *   another instance may already have done the work.
 */
export interface OaTokenStore {
  /** Creates the row from the environment's first tokens, or replaces it when staff supplied a new pair. */
  ready(): Promise<void>;
  /** A usable access token, refreshed first when it expires soon. */
  accessToken(): Promise<string>;
  /** After Zalo refused `rejected` (-216, -220, HTTP 401): a renewed token, refreshing at most once for it. */
  renewAfterRejection(rejected: string): Promise<string>;
}

export class TokenRefreshFailed extends Error {
  constructor(
    message: string,
    readonly errorCode?: number | string,
  ) {
    super(message);
    this.name = "TokenRefreshFailed";
  }
}

export interface OaTokenStoreOptions {
  prisma: PrismaClient;
  appId: string;
  /** The app's secret key (OAuth `secret_key` header), not the OA secret key of webhooks. */
  appSecret: string;
  oauthRoot: string;
  initial: { accessToken: string; refreshToken: string };
  logger: Logger;
  now?: () => number;
  /** Refresh this long before expiry (default 10 minutes). */
  refreshMarginMs?: number;
  /** How long one instance may hold the refresh lease (default 30 s; longer than the OAuth timeout). */
  leaseMs?: number;
  oauthTimeoutMs?: number;
  /** After a failed refresh, later attempts fail fast for this long instead of hammering OAuth. */
  failureCooldownMs?: number;
}

export const TOKENS_KEY = "zalo-oa:tokens";

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms; null for the first tokens from the environment, whose age we cannot know. */
  expiresAt: number | null;
  /** Fingerprint of the environment's refresh token the row was created from. */
  seed: string;
  lease?: { id: string; until: number };
}

const oauthTokens = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // "90000", a string, in every sample.
  expires_in: z.union([z.string(), z.number()]).transform(Number).pipe(z.number().positive()),
});
// Failures come with HTTP 200 too; -14020 for a reused refresh token is reported, not documented.
const oauthError = z.looseObject({ error: z.union([z.number(), z.string()]), error_name: z.string().optional() });

type LeaseStep = { kind: "use"; accessToken: string } | { kind: "wait" } | { kind: "refresh"; stored: StoredTokens; leaseId: string };

export function createOaTokenStore(options: OaTokenStoreOptions): OaTokenStore {
  const { prisma, logger } = options;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 10 * 60_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const seed = createHash("sha256").update(options.initial.refreshToken).digest("hex").slice(0, 16);
  let seeded: Promise<void> | undefined;
  let inFlight: Promise<string> | undefined;
  let lastFailure: { at: number; error: TokenRefreshFailed } | undefined;

  const expiring = (tokens: StoredTokens) => tokens.expiresAt !== null && tokens.expiresAt - now() <= margin;

  async function read(): Promise<StoredTokens> {
    await (seeded ??= seedFromEnvironment());
    const row = await prisma.appState.findUnique({ where: { key: TOKENS_KEY } });
    if (!row) throw new TokenRefreshFailed("the Zalo OA tokens are missing from app_state");
    return row.value as unknown as StoredTokens;
  }

  async function write(tokens: StoredTokens) {
    await prisma.appState.update({ where: { key: TOKENS_KEY }, data: { value: tokens as unknown as Prisma.InputJsonValue } });
  }

  async function seedFromEnvironment() {
    const fresh: StoredTokens = { ...options.initial, expiresAt: null, seed };
    const row = await prisma.appState.findUnique({ where: { key: TOKENS_KEY } });
    if (row && (row.value as unknown as StoredTokens).seed === seed) return;
    if (row) {
      // Staff re-authorised the OA and put the new pair in the environment: it wins once.
      logger.info("zalo oa: new tokens from the environment replace the stored ones");
      await write(fresh);
      return;
    }
    try {
      await prisma.appState.create({ data: { key: TOKENS_KEY, value: fresh as unknown as Prisma.InputJsonValue } });
    } catch (error) {
      // Another instance seeded it first.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }

  /** `stillNeeded` is re-checked on the freshly locked row: false means someone else refreshed. */
  function refresh(stillNeeded: (tokens: StoredTokens) => boolean): Promise<string> {
    if (lastFailure && now() - lastFailure.at < (options.failureCooldownMs ?? 60_000)) return Promise.reject(lastFailure.error);
    inFlight ??= refreshUnderLease(stillNeeded).finally(() => (inFlight = undefined));
    return inFlight;
  }

  async function refreshUnderLease(stillNeeded: (tokens: StoredTokens) => boolean): Promise<string> {
    await (seeded ??= seedFromEnvironment());
    const giveUpAt = now() + 2 * leaseMs;
    for (;;) {
      const step = await prisma.$transaction(async (tx): Promise<LeaseStep> => {
        const rows = await tx.$queryRaw<{ value: StoredTokens }[]>`
          SELECT value FROM app_state WHERE key = ${TOKENS_KEY} FOR UPDATE`;
        const stored = rows[0]?.value;
        if (!stored) throw new TokenRefreshFailed("the Zalo OA tokens are missing from app_state");
        if (!stillNeeded(stored)) return { kind: "use", accessToken: stored.accessToken };
        if (stored.lease && stored.lease.until > now()) return { kind: "wait" };
        const lease = { id: randomUUID(), until: now() + leaseMs };
        await tx.appState.update({ where: { key: TOKENS_KEY }, data: { value: { ...stored, lease } as unknown as Prisma.InputJsonValue } });
        return { kind: "refresh", stored, leaseId: lease.id };
      });
      if (step.kind === "use") return step.accessToken;
      if (step.kind === "refresh") return exchange(step.stored, step.leaseId);
      if (now() > giveUpAt) throw new TokenRefreshFailed("another instance held the refresh lease for too long");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function exchange(stored: StoredTokens, leaseId: string): Promise<string> {
    let answer: z.infer<typeof oauthTokens>;
    try {
      answer = await callOAuth(stored.refreshToken);
    } catch (error) {
      const failure = error instanceof TokenRefreshFailed ? error : new TokenRefreshFailed("unexpected refresh error");
      await releaseLease(leaseId).catch(() => undefined);
      lastFailure = { at: now(), error: failure };
      logger.error(
        { alert: "zalo-oa-token-refresh-failed", errorCode: failure.errorCode, reason: failure.message },
        "ZALO OA TOKEN REFRESH FAILED: staff must re-authorise the OA and set ZALO_OA_ACCESS_TOKEN / ZALO_OA_REFRESH_TOKEN (see docs/zalo.md). The stored tokens are kept.",
      );
      throw failure;
    }
    const renewed: StoredTokens = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: now() + answer.expires_in * 1000,
      seed: stored.seed,
    };
    // The old refresh token is dead now: the new pair must be on disk before anyone uses it.
    for (let attempt = 1; ; attempt++) {
      try {
        await write(renewed);
        break;
      } catch (error) {
        if (attempt >= 3) {
          logger.fatal(
            { alert: "zalo-oa-token-not-saved", err: error },
            "ZALO OA: new tokens could not be saved; the grant will be lost at the next refresh. Staff must re-authorise the OA.",
          );
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    lastFailure = undefined;
    logger.info({ expiresAt: new Date(renewed.expiresAt!).toISOString() }, "zalo oa: access token refreshed");
    return renewed.accessToken;
  }

  async function releaseLease(leaseId: string) {
    await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ value: StoredTokens }[]>`
        SELECT value FROM app_state WHERE key = ${TOKENS_KEY} FOR UPDATE`;
      const stored = rows[0]?.value;
      if (stored?.lease?.id !== leaseId) return;
      const { lease: _released, ...rest } = stored;
      await tx.appState.update({ where: { key: TOKENS_KEY }, data: { value: rest as unknown as Prisma.InputJsonValue } });
    });
  }

  // Neither the form (refresh token) nor the headers (app secret) of this request may reach a
  // log, so axios errors are reduced to their code here.
  async function callOAuth(refreshToken: string) {
    let response;
    try {
      response = await axios.post(
        `${options.oauthRoot.replace(/\/+$/, "")}/v4/oa/access_token`,
        new URLSearchParams({ refresh_token: refreshToken, app_id: options.appId, grant_type: "refresh_token" }),
        { headers: { secret_key: options.appSecret }, timeout: options.oauthTimeoutMs ?? 10_000, validateStatus: () => true },
      );
    } catch (error) {
      throw new TokenRefreshFailed(`OAuth unreachable (${axios.isAxiosError(error) ? (error.code ?? "network error") : "network error"})`);
    }
    const tokens = oauthTokens.safeParse(response.data);
    if (tokens.success) return tokens.data;
    const refused = oauthError.safeParse(response.data);
    if (refused.success) {
      throw new TokenRefreshFailed(`OAuth refused the refresh: ${refused.data.error_name ?? "error"}`, refused.data.error);
    }
    throw new TokenRefreshFailed(`OAuth answered HTTP ${response.status} without tokens`);
  }

  return {
    async ready() {
      await (seeded ??= seedFromEnvironment());
    },
    async accessToken() {
      const stored = await read();
      if (!expiring(stored)) return stored.accessToken;
      try {
        return await refresh(expiring);
      } catch (error) {
        // A proactive refresh that failed leaves a token that still works until it expires.
        if (stored.expiresAt! > now()) return stored.accessToken;
        throw error;
      }
    },
    renewAfterRejection(rejected) {
      return refresh((stored) => stored.accessToken === rejected);
    },
  };
}
