import { describe, expect, it } from "vitest";
import { createTurnQueue } from "../../src/bot/core/index.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("the per-person turn queue", () => {
  it("runs one person's work in the order it came, after a failure too, while another person's runs alongside", async () => {
    const queue = createTurnQueue();
    const log: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run("anna", async () => {
      await held;
      log.push("anna 1");
      throw new Error("the first turn failed");
    });
    const second = queue.run("anna", async () => {
      log.push("anna 2");
      return 42;
    });
    const other = queue.run("binh", async () => void log.push("binh 1"));
    await other;
    expect(log).toEqual(["binh 1"]);
    release();
    await expect(first).rejects.toThrow("the first turn failed");
    expect(await second).toBe(42);
    expect(log).toEqual(["binh 1", "anna 1", "anna 2"]);
  });

  it("drains: waits for queued work, including work queued while draining", async () => {
    const queue = createTurnQueue();
    const done: string[] = [];
    void queue.run("anna", async () => {
      await tick();
      done.push("first");
      void queue.run("anna", async () => {
        await tick();
        done.push("queued while draining");
      });
    });
    await queue.drain();
    expect(done).toEqual(["first", "queued while draining"]);
  });
});
