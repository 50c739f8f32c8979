import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { contentDir, loadTexts } from "./product.js";
import { FakeTelegram } from "../test/fakes/fake-telegram.js";
import { telegramSecret } from "./load-traffic.js";
import { createScratchDatabase } from "./scratch-database.js";

export const benchToken = "123456789:AAEhBP0av28-benchmarkbenchmarkbench1";

export type BenchEnvironment = Awaited<ReturnType<typeof benchEnvironment>>;

/**
 * One fake Bot API, a fresh data folder (a scratch PostgreSQL database too when `databaseUrl`
 * is set) and the environment variables for a server on them: ours and the reference servers
 * read the same ones.
 */
export async function benchEnvironment(databaseUrl?: string) {
  const telegram = await new FakeTelegram({ token: benchToken }).start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-bench-"));
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, "xkld_bench_load") : undefined;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: "https://bench.example.vn",
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    REGISTRATION_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  };
  return {
    telegram,
    env,
    database: scratch ? ("postgres" as const) : ("embedded" as const),
    async dispose() {
      await telegram.stop();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How many of the messages sent since `from` were our apology for a failed turn (a webhook answers 200 even then). */
export function apologiesSince(telegram: FakeTelegram, from: number): number {
  const apology = loadTexts(`${contentDir}/locales`).t("vi", "error.generic");
  return telegram.sent.slice(from).filter((message) => message.text.includes(apology)).length;
}
