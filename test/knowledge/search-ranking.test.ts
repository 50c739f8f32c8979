import { describe, expect, it } from "vitest";
import { addPostings, lengthNorms, topDocuments } from "../../src/knowledge/search-ranking.js";

/** What the engine did before: every touched document sorted (a stable sort), then the first `limit`. */
const sortAll = (touched: number[], scoreOf: Float64Array, limit: number) => [...touched].sort((a, b) => scoreOf[b]! - scoreOf[a]!).slice(0, limit);

/** A small deterministic generator, so that every run checks the same cases. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("the best documents of a search", () => {
  it("keeps the highest scores, best first, and an earlier touched document first on a tie", () => {
    const scores = Float64Array.from([0, 2, 5, 2, 9, 5, 1]);
    expect(topDocuments([1, 2, 3, 4, 5, 6], scores, 3)).toEqual([4, 2, 5]);
    expect(topDocuments([6, 3, 1, 5, 2], scores, 3)).toEqual([5, 2, 3]);
  });

  it("gives what sorting every document gives, for any limit and many ties", () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const count = 1 + Math.floor(next() * 60);
      // Few distinct values, so that ties are common; a zero and a negative zero among them.
      const scores = Float64Array.from({ length: count }, () => [0, -0, 0.5, 1, 1.5, 2.25][Math.floor(next() * 6)]!);
      const touched = Array.from({ length: count }, (_, doc) => doc).sort(() => next() - 0.5);
      for (const limit of [1, 2, 3, 10, count - 1, count, count + 5, 0, -1, Infinity]) {
        expect(topDocuments(touched, scores, limit), `${limit} of ${touched}`).toEqual(sortAll(touched, scores, limit));
      }
    }
  });
});

describe("the length part of BM25", () => {
  it("is k1 · (1 − b + b · length / average) for each view and document", () => {
    const lengths = [Float32Array.from([3, 7]), Float32Array.from([0, 10])];
    const [first, second] = lengthNorms(lengths, [5, 5], (view) => (view === 1 ? 0.8 : 1.2), 0.75);
    expect([...first!]).toEqual([1.2 * (1 - 0.75 + (0.75 * 3) / 5), 1.2 * (1 - 0.75 + (0.75 * 7) / 5)]);
    expect([...second!]).toEqual([0.8 * (1 - 0.75 + (0.75 * 0) / 5), 0.8 * (1 - 0.75 + (0.75 * 10) / 5)]);
  });
});

describe("adding a term's share", () => {
  it("adds weight · (tf · (k1 + 1)) / (tf + norm) per document, its idf to coverage, and lists the documents scored first", () => {
    const scores = Float64Array.from([0, 1, 0]);
    const coverage = new Float64Array(3);
    const norm = Float64Array.from([1, 2, 3]);
    const touched = [1];
    const postings = { docs: Int32Array.from([0, 1, 2]), frequencies: Float32Array.from([1, 2, 4]) };
    addPostings(postings, { weighted: 0.5, saturation: 2.2, idf: 1.5 }, norm, scores, coverage, touched);
    expect([...scores]).toEqual([0.5 * ((1 * 2.2) / (1 + 1)), 1 + 0.5 * ((2 * 2.2) / (2 + 2)), 0.5 * ((4 * 2.2) / (4 + 3))]);
    expect([...coverage]).toEqual([1.5, 1.5, 1.5]);
    expect(touched).toEqual([1, 0, 2]);

    addPostings({ docs: Int32Array.from([2]), frequencies: Float32Array.from([1]) }, { weighted: 1, saturation: 2, idf: 9 }, norm, scores, undefined, touched);
    expect(coverage[2]).toBe(1.5);
    expect(touched).toEqual([1, 0, 2]);
  });
});
