import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/index.js";
import { verifyPassword } from "../../src/staff/passwords.js";
import { runScript } from "../helpers/processes.js";

describe("npm run admin:create", () => {
  it("creates the first administrator with a password read from standard input, and refuses the same username twice", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-admin-"));
    const first = runScript("src/cli/admin-create.ts", { DATA_DIR: dataDir }, ["--username", "Lan.Admin", "--name", "Nguyễn Thị Lan"]);
    first.child.stdin.end("mot-mat-khau-dai\n");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('created admin account "lan.admin"');
    expect(first.output()).not.toContain("mot-mat-khau-dai");

    const again = runScript("src/cli/admin-create.ts", { DATA_DIR: dataDir }, ["--username", "lan.admin", "--name", "Lan"]);
    again.child.stdin.end("mot-mat-khau-khac\n");
    expect(await again.exited).toBe(65);
    expect(again.output()).toContain("already taken");

    const database = await openDatabase({ dataDir });
    try {
      const account = await database.prisma.staffAccount.findUniqueOrThrow({ where: { username: "lan.admin" } });
      expect(account).toMatchObject({ role: "admin", displayName: "Nguyễn Thị Lan", active: true });
      expect(await verifyPassword("mot-mat-khau-dai", account.passwordHash)).toBe(true);
    } finally {
      await database.close();
    }
  });

  it("explains a short password, a commune account without its commune and an unknown province, and exits with 64", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xkld-admin-"));
    const short = runScript("src/cli/admin-create.ts", { DATA_DIR: dataDir }, [
      "--username",
      "binh",
      "--name",
      "Bình",
      "--role",
      "commune",
      "--province",
      "Huế",
    ]);
    short.child.stdin.end("ngan\n");
    expect(await short.exited).toBe(64);
    expect(short.output()).toContain("password must be at least 10 characters");
    expect(short.output()).toContain("--commune is required for commune staff");

    const unknown = runScript("src/cli/admin-create.ts", { DATA_DIR: dataDir }, [
      "--username",
      "binh",
      "--name",
      "Bình",
      "--role",
      "province",
      "--province",
      "Atlantis",
    ]);
    unknown.child.stdin.end("mot-mat-khau-dai\n");
    expect(await unknown.exited).toBe(64);
    expect(unknown.output()).toContain('"Atlantis" is not a known province or city');

    const noLetters = runScript("src/cli/admin-create.ts", { DATA_DIR: dataDir }, [
      "--username",
      "binh",
      "--name",
      "Bình",
      "--role",
      "commune",
      "--province",
      "Huế",
      "--commune",
      "!!!",
    ]);
    noLetters.child.stdin.end("ba con meo tren mai nha\n");
    expect(await noLetters.exited).toBe(64);
    expect(noLetters.output()).toContain("--commune must name a commune or ward");

    const guessable = runScript("src/cli/admin-create.ts", { DATA_DIR: dataDir }, ["--username", "binh", "--name", "Bình"]);
    guessable.child.stdin.end("1234567890\n");
    expect(await guessable.exited).toBe(64);
    expect(guessable.output()).toContain("password is too easy to guess");
  });
});
