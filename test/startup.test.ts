import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "../src/paths.js";
import { loadOrCreateKeyFile } from "../src/registrations/index.js";
import { loadConsoleTexts } from "../src/server/console.js";
import { describeStartup } from "../src/startup.js";

const texts = loadConsoleTexts(`${contentDir}/console/vi.yaml`);

describe("the start-up message", () => {
  it("gives addresses a browser on this machine opens, not the container's interface", () => {
    for (const host of ["0.0.0.0", "::", "127.0.0.1"]) {
      expect(describeStartup({ config: { host, port: 3000, publicUrl: undefined }, administrators: 1 })).toMatchObject({
        chatUrl: "http://localhost:3000/",
        consoleUrl: "http://localhost:3000/admin",
        notices: [],
      });
    }
    expect(describeStartup({ config: { host: "10.1.2.3", port: 8080, publicUrl: undefined }, administrators: 1 }).chatUrl).toBe("http://10.1.2.3:8080/");
    expect(describeStartup({ config: { host: "0.0.0.0", port: 3000, publicUrl: "https://hoidap.example.vn" }, administrators: 1 }).consoleUrl).toBe(
      "https://hoidap.example.vn/admin",
    );
  });

  it("says how to create the first administrator, and where the new key is and that it must be backed up", () => {
    const { notices } = describeStartup({
      config: { host: "0.0.0.0", port: 3000, publicUrl: undefined },
      administrators: 0,
      keyFileCreated: "/srv/data/registration.key",
    });
    expect(notices.map((notice) => notice.textKey)).toEqual(["startup.noAdministrator", "startup.keyCreated"]);
    expect(notices[0]!.fields.command).toBe("npm run admin:create");
    expect(notices[1]!.fields.keyFile).toBe("/srv/data/registration.key");
    for (const notice of notices) expect(texts[notice.textKey]).toBeDefined();
    expect(texts["startup.keyCreated"]).toMatch(/sao lưu/);
  });

  it("knows a key file was created by this start only the first time", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "key-"));
    const created: string[] = [];
    const first = loadOrCreateKeyFile(dir, undefined, (file) => created.push(file));
    const second = loadOrCreateKeyFile(dir, undefined, (file) => created.push(file));
    expect(second.equals(first)).toBe(true);
    expect(created).toEqual([path.join(dir, "registration.key")]);
    fs.rmSync(dir, { recursive: true });
  });
});
