import type { AppConfig } from "./config.js";

/** What a person starting the server needs to know, besides "it runs". */
export interface StartupFacts {
  config: Pick<AppConfig, "port" | "host" | "publicUrl">;
  /** Active administrator accounts: none means nobody can log in to the console yet. */
  administrators: number;
  /** Set on the first start: the key file this start wrote, which must be backed up. */
  keyFileCreated?: string;
}

export interface StartupNotice {
  level: "info" | "warn";
  /** Machine-readable fields of the log record. */
  fields: Record<string, string>;
  /** Key of the sentence in content/console/vi.yaml (`startup.*`). */
  textKey: string;
}

/**
 * The addresses a browser on this machine can open, and the notices of a first start. A server
 * bound to every interface (0.0.0.0, ::) or to loopback is reached at localhost: an interface
 * address of the container or VM (192.0.2.2) usually is not reachable from the person's browser.
 */
export function describeStartup(facts: StartupFacts): { chatUrl: string; consoleUrl: string; notices: StartupNotice[] } {
  const { config } = facts;
  const local = ["0.0.0.0", "::", "127.0.0.1", "::1", "localhost", ""].includes(config.host);
  const base = config.publicUrl ?? `http://${local ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  const chatUrl = `${base.replace(/\/+$/, "")}/`;
  const consoleUrl = `${chatUrl}admin`;
  const notices: StartupNotice[] = [];
  if (facts.administrators === 0) notices.push({ level: "warn", fields: { command: "npm run admin:create" }, textKey: "startup.noAdministrator" });
  if (facts.keyFileCreated) notices.push({ level: "warn", fields: { keyFile: facts.keyFileCreated }, textKey: "startup.keyCreated" });
  return { chatUrl, consoleUrl, notices };
}
