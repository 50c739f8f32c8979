import { describe, expect, it } from "vitest";
import { answerTo, buildServer, joinErrorAnswers } from "../../src/server/index.js";
import { silentLogger } from "../helpers/app.js";

class ShelfFull extends Error {
  override name = "ShelfFull";
  constructor(readonly shelf: string) {
    super(`shelf ${shelf} is full`);
  }
}

const database = { kind: "embedded", readiness: async () => ({ ready: true, pendingMigrations: [] }) } as never;

describe("the one error handler", () => {
  it("answers a named domain error a route lets go with the status its domain gave it", async () => {
    const server = buildServer({
      database,
      logger: silentLogger,
      bodyLimitBytes: 1000,
      errorAnswers: answerTo(ShelfFull, (error) => ({ status: 409, headers: { "retry-after": "7" }, body: { error: error.message, shelf: error.shelf } })),
      plugins: [(app) => app.post("/shelves", async () => Promise.reject(new ShelfFull("A")))],
    });
    const response = await server.inject({ method: "POST", url: "/shelves" });
    expect([response.statusCode, response.headers["retry-after"], response.json()]).toEqual([409, "7", { error: "shelf A is full", shelf: "A" }]);
    await server.close();
  });

  it("still answers 500, without the message, for an error no domain named", async () => {
    const server = buildServer({
      database,
      logger: silentLogger,
      bodyLimitBytes: 1000,
      plugins: [(app) => app.get("/boom", async () => Promise.reject(new ShelfFull("B")))],
    });
    const response = await server.inject({ method: "GET", url: "/boom" });
    expect([response.statusCode, response.json()]).toEqual([500, { error: "internal error" }]);
    await server.close();
  });

  it("refuses two answers for one error name at start-up", () => {
    const first = answerTo(ShelfFull, () => ({ status: 409, body: {} }));
    expect(() =>
      joinErrorAnswers(
        first,
        answerTo(ShelfFull, () => ({ status: 400, body: {} })),
      ),
    ).toThrow(/two answers for the error ShelfFull/);
  });
});
