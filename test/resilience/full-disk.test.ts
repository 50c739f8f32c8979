import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { texts } from "../helpers/core.js";
import { citizenIdBornIn1995Male, completeAnswers } from "../registrations/fixtures.js";
import { startServer, webVisitor, type ServerUnderTest } from "./support/server-process.js";
import { deliverUpdate, startFakeTelegram, telegramWebhookEnv } from "./support/telegram-app.js";

// Slow (about 30 s): a real server process on a tiny tmpfs that the test fills up. Needs root
// (to mount the tmpfs) and the embedded database; skipped otherwise, saying which.

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-full-disk-"));
const mounted = !process.env.TEST_DATABASE_URL && spawnSync("mount", ["-t", "tmpfs", "-o", "size=120m", "tmpfs", mountPoint]).status === 0;
afterAll(() => {
  if (mounted) spawnSync("umount", ["-l", mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

const running: ServerUnderTest[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.kill();
});

/** Writes a file until the file system is full; returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync(filler, "w");
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const apology = texts.t("vi", "error.generic");

describe.skipIf(!mounted)(
  `a full disk under the embedded database${process.env.TEST_DATABASE_URL ? " (embedded only)" : mounted ? "" : " (skipped: cannot mount a tmpfs; run as root)"}`,
  () => {
    it("answers politely while full, recovers when space is freed, and keeps the earlier data", async () => {
      const dataDir = path.join(mountPoint, "data");
      const telegram = await startFakeTelegram();
      try {
        const env = { ...telegramWebhookEnv(telegram.url), DATA_DIR: dataDir };
        const first = await startServer(env);
        running.push(first);
        const send = webVisitor();
        await send(first.baseUrl, { text: "/dangky" });
        await send(first.baseUrl, { action: "reg:c:yes" });
        for (const input of completeAnswers(citizenIdBornIn1995Male())) await send(first.baseUrl, input);
        const code = /DK-[A-Z2-9]{6}/.exec((await send(first.baseUrl, { action: "reg:confirm" }))[0]!.text)![0];

        const filler = fillDisk(mountPoint);
        // Nothing has been written to processed_updates yet: the first update needs a new page.
        expect(await deliverUpdate(first.baseUrl, telegram.textUpdate(601, "/menu"))).toBe(503);
        // New conversations fill the pages left; the first that needs a new one is refused politely.
        const statuses: number[] = [];
        for (let visitor = 0; visitor < 200 && !statuses.includes(503); visitor++) {
          const response = await fetch(`${first.baseUrl}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ action: "lang:en" }),
          });
          statuses.push(response.status);
          if (response.status === 503) expect(((await response.json()) as { replies: { text: string }[] }).replies[0]!.text).toBe(apology);
          else await response.arrayBuffer();
        }
        expect(statuses).toContain(503);
        expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
        expect(first.process.output()).toContain("No space left on device");
        expect(first.process.child.exitCode).toBeNull();

        fs.rmSync(filler);
        // Telegram delivers the refused update again: it is handled once, without a restart.
        const again = telegram.textUpdate(601, "/menu");
        expect(await deliverUpdate(first.baseUrl, again)).toBe(200);
        expect(telegram.sentTo(601)).toHaveLength(1);

        // Even a crash right after leaves nothing corrupted.
        await first.kill();
        const second = await startServer(env);
        running.push(second);
        const status = await send(second.baseUrl, { text: "/trangthai" });
        expect(status.map((reply) => reply.text).join("\n")).toContain(code);
      } finally {
        await telegram.stop();
      }
    }, 90_000);
  },
);
