import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { findBreaches, readImportGraph, unitCycles, unitOf } from "./import-graph.js";

const srcDir = fileURLToPath(new URL("../../src", import.meta.url));

describe("the dependency rule (DESIGN §2)", () => {
  it("holds for every import in src/", () => {
    expect(findBreaches(readImportGraph(srcDir))).toEqual([]);
  });

  it("leaves no two folders importing each other", () => {
    expect(unitCycles(readImportGraph(srcDir))).toEqual([]);
  });
});

describe("the import-graph check itself", () => {
  let planted: string | undefined;
  afterEach(() => {
    if (planted) fs.rmSync(planted, { recursive: true, force: true });
    planted = undefined;
  });

  /** A copy of src/ with one more file, so the check runs on a tree that breaks the rule. */
  function srcWith(file: string, text: string): string {
    planted = fs.mkdtempSync(path.join(os.tmpdir(), "import-graph-"));
    fs.cpSync(srcDir, planted, { recursive: true, filter: (source) => !source.includes(`${path.sep}generated`) });
    fs.mkdirSync(path.dirname(path.join(planted, file)), { recursive: true });
    fs.writeFileSync(path.join(planted, file), text);
    return planted;
  }

  it("catches a domain importing Fastify outside its http/ folder", () => {
    const breaches = findBreaches(
      readImportGraph(srcWith("loans/planted.ts", 'import type { FastifyInstance } from "fastify";\nexport type A = FastifyInstance;\n')),
    );
    expect(breaches).toEqual(["loans/planted.ts imports fastify: only routes, channels and the server speak HTTP"]);
  });

  it("catches a domain importing the bot", () => {
    const breaches = findBreaches(readImportGraph(srcWith("handoffs/planted.ts", 'export { createBotCore } from "../bot/core/index.js";\n')));
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatch(/^handoffs\/planted\.ts imports bot\/core\/index\.ts: handoffs is below the bot/);
  });

  it("catches an import of another folder's insides", () => {
    const breaches = findBreaches(readImportGraph(srcWith("companies/planted.ts", 'export { assessLoan } from "../loans/assess.js";\n')));
    expect(breaches).toEqual(["companies/planted.ts imports loans/assess.ts: import loans/index.ts, not its insides"]);
  });

  it("catches a channel importing another channel instead of the shared channel code", () => {
    const breaches = findBreaches(readImportGraph(srcWith("bot/channels/zalo-oa/planted.ts", 'export { renderForZaloBot } from "../zalo-bot/index.js";\n')));
    expect(breaches).toEqual([
      "bot/channels/zalo-oa/planted.ts imports bot/channels/zalo-bot/index.ts: one channel does not import another: what channels share lives in intake.ts, numbered-choices.ts or zalo-common/",
    ]);
  });

  it("catches two folders importing each other", () => {
    const tree = srcWith("db/planted.ts", 'export { maskedNumber } from "../knowledge/index.js";\n');
    expect(unitCycles(readImportGraph(tree)).some((cycle) => cycle.includes("db") && cycle.includes("knowledge"))).toBe(true);
  });

  it("names the units as the map does", () => {
    expect(unitOf("app.ts")).toBe("app");
    expect(unitOf("registrations/outcomes/http/routes.ts")).toBe("registrations/http");
    expect(unitOf("bot/features/loan-check/loan-check.ts")).toBe("bot/features/loan-check");
    expect(unitOf("bot/channels/zalo-oa/render.ts")).toBe("bot/channels/zalo-oa");
    expect(unitOf("bot/channels/intake.ts")).toBe("bot/channels/intake");
    expect(unitOf("bot/core/router.ts")).toBe("bot/core");
    expect(unitOf("knowledge/curation/curation.ts")).toBe("knowledge");
  });
});
