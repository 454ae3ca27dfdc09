/*
 * Sparse tf-idf vectors over string terms, with the document frequencies behind the idf kept
 * incrementally. `DocumentFrequencies` is the seam: the in-memory table here serves batch runs and
 * tests; a store-backed table implements the same interface for the pipeline.
 */

/** Document frequencies, updated one document at a time. */
export interface DocumentFrequencies {
  /**
   * Counts one more document, containing each distinct term of `terms` once. `distinct`: the caller
   * vouches that `terms` has no repeats (a Map's keys), so they need not be deduplicated.
   */
  add(terms: Iterable<string>, distinct?: boolean): void;
  /** How many counted documents contain `term` (0 when unknown). */
  df(term: string): number;
  /** How many documents were counted. */
  readonly n: number;
}

/**
 * An in-memory table. When it holds more than `maxTerms` terms, the terms seen in a single
 * document are dropped (their df reads 0, which only makes them look as rare as they are).
 */
export const createMemoryDocumentFrequencies = (opts: { maxTerms?: number } = {}): DocumentFrequencies => {
  const max = opts.maxTerms ?? 500_000;
  const counts = new Map<string, number>();
  let n = 0;
  const prune = (): void => {
    for (const [t, c] of counts) if (c <= 1) counts.delete(t);
  };
  return {
    add(terms, distinct = false) {
      n++;
      for (const t of distinct ? terms : new Set(terms)) counts.set(t, (counts.get(t) ?? 0) + 1);
      if (counts.size > max) prune();
    },
    df: (term) => counts.get(term) ?? 0,
    get n() {
      return n;
    },
  };
};

/** term → weight. Vectors made here are unit length. */
export type SparseVector = Map<string, number>;

/** Smoothed idf: ln((n + 1) / (df + 1)) + 1, never below 1. */
export const idf = (df: DocumentFrequencies, term: string): number => Math.log((df.n + 1) / (df.df(term) + 1)) + 1;

/** The `k` heaviest entries of `v`, as a new map (`v` itself when it has no more). */
export const topTerms = (v: SparseVector, k: number): SparseVector => {
  if (v.size <= k) return v;
  return new Map([...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k));
};

/** Whether entry a ranks before entry b in `topTerms` order (heavier first, then by term). */
const before = (a: readonly [string, number], b: readonly [string, number]): boolean => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);

/** The terms of `topTerms(v, k)`, in its order, without sorting all of `v` (k small). */
export const topKeys = (v: ReadonlyMap<string, number>, k: number): string[] => {
  const top: Array<[string, number]> = [];
  for (const e of v) {
    if (top.length === k && !before(e, top[k - 1] as [string, number])) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && before(e, top[i - 1] as [string, number])) {
      top[i] = top[i - 1] as [string, number];
      i--;
    }
    top[i] = e;
  }
  return top.map((e) => e[0]);
};

/** The Euclidean length of `v`. */
export const norm = (v: ReadonlyMap<string, number>): number => {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
};

/** `v` scaled to unit length (an empty or zero vector stays as it is). */
export const normalize = (v: SparseVector): SparseVector => {
  const len = norm(v);
  if (len === 0) return v;
  for (const [t, w] of v) v.set(t, w / len);
  return v;
};

/** A term's weight before normalizing: (1 + ln tf) · idf (a summed weight below 1 scales it down). */
const tfidfWeight = (f: number, df: DocumentFrequencies, t: string): number => (1 + Math.log(Math.max(f, 1))) * Math.min(f, 1) * idf(df, t);

/**
 * The unit tf-idf vector of weighted term counts (`tf` holds each term's summed cue weights):
 * (1 + ln tf) · idf, cut to the `maxTerms` heaviest terms.
 */
export const tfidfVector = (tf: ReadonlyMap<string, number>, df: DocumentFrequencies, maxTerms = 128): SparseVector => {
  const v: SparseVector = new Map();
  for (const [t, f] of tf) if (f > 0) v.set(t, tfidfWeight(f, df, t));
  return normalize(topTerms(v, maxTerms));
};

/**
 * A unit tf-idf vector as parallel lists (`terms[i]` weighs `weights[i]`), in the order
 * `tfidfVector` gives its entries: what the story assigner reads many times per item, walked
 * without a map's iterator (which allocates an entry per step). A map of it is made only when
 * needed (`termMap`).
 */
export interface TermVector {
  readonly terms: readonly string[];
  readonly weights: Float64Array;
  /** The vector as a map, made when first needed (`termMap`). */
  map?: SparseVector;
}

/** `v` as a map (term → weight), made once. */
export const termMap = (v: TermVector): SparseVector => {
  if (!v.map) {
    v.map = new Map();
    for (let i = 0; i < v.terms.length; i++) v.map.set(v.terms[i] as string, v.weights[i] as number);
  }
  return v.map;
};

/**
 * `tfidfVector(tf, df, maxTerms)` as a TermVector: the same entries with the same weights, in the
 * same order (test/text/vectors.test.ts checks both agree).
 */
export const tfidfTermVector = (tf: ReadonlyMap<string, number>, df: DocumentFrequencies, maxTerms = 128): TermVector => {
  const terms: string[] = [];
  const raw: number[] = [];
  tf.forEach((f, t) => {
    if (f > 0) {
      terms.push(t);
      raw.push(tfidfWeight(f, df, t));
    }
  });
  if (terms.length > maxTerms) {
    const map = normalize(topTerms(new Map(terms.map((t, i) => [t, raw[i] as number])), maxTerms));
    return { map, terms: [...map.keys()], weights: Float64Array.from(map.values()) };
  }
  let sq = 0;
  for (let i = 0; i < raw.length; i++) sq += (raw[i] as number) * (raw[i] as number);
  const len = Math.sqrt(sq);
  const weights = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) weights[i] = len === 0 ? (raw[i] as number) : (raw[i] as number) / len;
  return { terms, weights };
};

/** All of `v`'s terms in its order when it has at most `k`, else `topKeys(termMap(v), k)` (made without the map). */
export const topTermKeys = (v: TermVector, k: number): string[] => {
  const { terms, weights } = v;
  if (terms.length <= k) return terms.slice();
  const before = (i: number, j: number): boolean => (weights[i] as number) > (weights[j] as number) || (weights[i] === weights[j] && (terms[i] as string) < (terms[j] as string));
  const top: number[] = [];
  for (let e = 0; e < terms.length; e++) {
    if (top.length === k && !before(e, top[k - 1] as number)) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && before(e, top[i - 1] as number)) {
      top[i] = top[i - 1] as number;
      i--;
    }
    top[i] = e;
  }
  return top.map((i) => terms[i] as string);
};

/** `dot(termMap(v), m)`: the same sum in the same order (the smaller side is walked), without the map iterator on `v`'s side. */
export const dotTerms = (v: TermVector, m: ReadonlyMap<string, number>): number => {
  let s = 0;
  if (v.terms.length <= m.size) {
    const { terms, weights } = v;
    for (let i = 0; i < terms.length; i++) {
      const o = m.get(terms[i] as string);
      if (o !== undefined) s += (weights[i] as number) * o;
    }
    return s;
  }
  const large = termMap(v);
  m.forEach((w, t) => {
    const o = large.get(t);
    if (o !== undefined) s += w * o;
  });
  return s;
};

/** The dot product of two sparse vectors. */
export const dot = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) s += w * o;
  }
  return s;
};

/** Cosine similarity; 0 when either vector is empty. */
export const cosine = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number => {
  const d = dot(a, b);
  if (d === 0) return 0;
  return d / (norm(a) * norm(b));
};
