import pino from "pino";
import { createApplication, type Application } from "../../src/app/index.js";
import { loadConfig } from "../../src/config.js";
import type { DatabaseOptions } from "../../src/db/index.js";
import { freshDatabaseOptions } from "./database.js";

export const silentLogger = pino({ level: "silent" });

/**
 * The real application on a fresh test database, listening on a random loopback port.
 * `env` is the environment it is configured from, exactly as in production.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  databaseOptions?: DatabaseOptions,
): Promise<Application & { baseUrl: string; close(): Promise<void> }> {
  const fresh = databaseOptions ? undefined : await freshDatabaseOptions();
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", NODE_ENV: "test", ...env });
  const app = await createApplication(config, silentLogger, databaseOptions ?? fresh!.options);
  await app.start();
  const address = app.server.addresses()[0] as { port: number };
  return Object.assign(app, {
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.stop();
      await fresh?.drop();
    },
  });
}
