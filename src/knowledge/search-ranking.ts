/**
 * The best few of the documents a search touched. A long question touches most of the
 * collection (every text has "là", "của", "gì"), and building a hit for each and sorting them
 * all cost more than scoring them; only the `limit` best need a hit.
 */

/**
 * The `limit` documents with the highest `scoreOf`, best first; equal scores keep the order of
 * `touched`, as a stable sort of all of them would.
 */
export function topDocuments(touched: readonly number[], scoreOf: Float64Array, limit: number): number[] {
  if (!(limit > 0 && limit < touched.length)) {
    // Every document is wanted (or an odd limit): a stable sort, then the same slice as always.
    return [...touched].sort((a, b) => scoreOf[b]! - scoreOf[a]!).slice(0, limit);
  }
  const top: number[] = [];
  for (const doc of touched) {
    const score = scoreOf[doc]!;
    if (top.length === limit && !(score > scoreOf[top[limit - 1]!]!)) continue;
    // After the last one that scores at least as much: an earlier document wins a tie.
    let at = Math.min(top.length, limit - 1);
    while (at > 0 && scoreOf[top[at - 1]!]! < score) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = doc;
  }
  return top;
}

/**
 * Per view and document, the part of BM25's denominator that depends on the document's length,
 * `k1 · (1 − b + b · length / average)`, computed once instead of for every posting of every
 * question (the same expression, so the same scores to the last bit).
 */
export function lengthNorms(lengths: Float32Array[], averageLength: number[], k1OfView: (view: number) => number, b: number): Float64Array[] {
  return lengths.map((lengthOf, view) => {
    const k1 = k1OfView(view);
    const average = averageLength[view]!;
    return Float64Array.from(lengthOf, (length) => k1 * (1 - b + (b * length) / average));
  });
}

/**
 * Adds one term's BM25 share to each document in its postings, and the term's idf to `coverage`
 * when given; pushes onto `touched` the documents it scores first. A plain function of typed
 * arrays, out of the engine's closure, so that the hottest loop of a search stays on locals.
 */
export function addPostings(
  postings: { docs: Int32Array; frequencies: Float32Array },
  term: { weighted: number; saturation: number; idf: number },
  norm: Float64Array,
  scores: Float64Array,
  coverage: Float64Array | undefined,
  touched: number[],
): void {
  const { docs, frequencies } = postings;
  const { weighted, saturation, idf } = term;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    const tf = frequencies[i]!;
    if (scores[doc] === 0) touched.push(doc);
    scores[doc]! += weighted * ((tf * saturation) / (tf + norm[doc]!));
    if (coverage) coverage[doc]! += idf;
  }
}
