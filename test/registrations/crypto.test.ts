import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRegistrationCrypto, loadOrCreateKeyFile, RegistrationKeyMissing } from "../../src/registrations/index.js";
import { testKey } from "./fixtures.js";

const crypto = createRegistrationCrypto(testKey);
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "xkld-key-"));

describe("registration encryption", () => {
  it("decrypts what it encrypted, with a fresh nonce each time", () => {
    const first = crypto.encrypt("092095012345");
    const second = crypto.encrypt("092095012345");
    expect(crypto.decrypt(first)).toBe("092095012345");
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.cipher.toString("hex")).not.toContain(Buffer.from("092095012345").toString("hex"));
  });

  it("refuses a ciphertext that was altered", () => {
    const sealed = crypto.encrypt("092095012345");
    sealed.cipher[0]! ^= 1;
    expect(() => crypto.decrypt(sealed)).toThrow();
  });

  it("cannot be read with another key", () => {
    const other = createRegistrationCrypto(Buffer.alloc(32, 9));
    expect(() => other.open(crypto.seal("092095012345"))).toThrow();
  });

  it("seals values for drafts as one string and opens them again", () => {
    const sealed = crypto.seal("+84912345678");
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("912345678");
    expect(crypto.open(sealed)).toBe("+84912345678");
  });

  it("hashes equal citizen IDs equally, and differently under another key", () => {
    expect(crypto.citizenIdHash("092095012345")).toBe(crypto.citizenIdHash("092095012345"));
    expect(crypto.citizenIdHash("092095012345")).not.toBe(crypto.citizenIdHash("092095012346"));
    expect(createRegistrationCrypto(Buffer.alloc(32, 9)).citizenIdHash("092095012345")).not.toBe(crypto.citizenIdHash("092095012345"));
  });

  it("creates the key file once, readable by its owner only, and reuses it", () => {
    const dir = tempDir();
    const key = loadOrCreateKeyFile(dir);
    const file = path.join(dir, "registration.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(key).toHaveLength(32);
    expect(loadOrCreateKeyFile(dir).equals(key)).toBe(true);
  });

  it("tightens a key file that others could read, and warns", () => {
    const dir = tempDir();
    const file = path.join(dir, "registration.key");
    fs.writeFileSync(file, `${Buffer.alloc(32, 1).toString("base64")}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    loadOrCreateKeyFile(dir, (message) => warnings.push(message));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
  });

  it("stops rather than replacing a damaged key file", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "registration.key"), "not a key", { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(dir)).toThrow(RegistrationKeyMissing);
  });
});
