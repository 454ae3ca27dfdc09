/*
 * The relevance model's features (ADR 0026): index terms from the text layer (src/text: stop words
 * out, Porter stems, URLs/handles/hashtags kept) plus adjacent-term bigrams, weighted as arxiv-sanity
 * weights them — sublinear tf (1 + ln tf) · smoothed idf, rows at unit length — over a vocabulary
 * fitted on every text at hand (labelled and unlabelled: no labels are used), cut by document
 * frequency (min df, max df share, max features). Rows are sparse: sorted term indices and weights.
 */
import { termsOf } from '../text/terms.js';
import { tokenize } from '../text/tokenize.js';

export interface VectorizerParams {
  /** 1: single terms; 2: single terms and adjacent pairs. */
  ngrams: 1 | 2;
  /** A term must be in at least this many documents (scaled down for small inputs: see `effectiveMinDf`). */
  minDf: number;
  /** A term in more than this share of documents is dropped (never below 5 documents). */
  maxDf: number;
  /** At most this many terms, the most frequent kept. */
  maxFeatures: number;
}

/** One sparse row: term indices (ascending) and their weights. */
export interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

export interface Vectorized {
  rows: SparseRow[];
  /** The kept terms; `rows[i].idx` point into this. */
  vocabulary: string[];
}

/** Texts are cut here before tokenizing: a paper or a post tells its subject early. */
const MAX_CHARS = 20_000;
const MAX_TOKENS = 3000;

/** The terms of one text, unigrams then (when `ngrams` is 2) adjacent pairs, repeats kept. */
export const textTerms = (text: string, ngrams: 1 | 2): string[] => {
  const uni: string[] = [];
  for (const tok of tokenize(text.slice(0, MAX_CHARS), { maxTokens: MAX_TOKENS })) for (const t of termsOf(tok)) uni.push(t.term);
  if (ngrams === 1) return uni;
  const out = uni.slice();
  for (let i = 0; i + 1 < uni.length; i++) out.push(`${uni[i]} ${uni[i + 1]}`);
  return out;
};

/** min df for `n` documents: the configured value, but one per 500 documents at most (so 10 texts keep their words). */
export const effectiveMinDf = (minDf: number, n: number): number => Math.max(1, Math.min(minDf, Math.floor(n / 500)));

const countTerms = (terms: readonly string[]): Map<string, number> => {
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
};

const chooseVocabulary = (tfs: readonly Map<string, number>[], p: VectorizerParams): Map<string, number> => {
  const n = tfs.length;
  const df = new Map<string, number>();
  for (const tf of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const min = effectiveMinDf(p.minDf, n);
  const max = Math.max(5, Math.floor(p.maxDf * n));
  let kept = [...df].filter(([, d]) => d >= min && d <= max);
  if (kept.length > p.maxFeatures) kept = kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, p.maxFeatures);
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(kept.map(([t], i) => [t, i]));
};

/** The unit tf-idf row of counted terms over `vocab` with `idf` per index. */
const rowOf = (tf: Map<string, number>, vocab: Map<string, number>, idf: Float64Array): SparseRow => {
  const entries: [number, number][] = [];
  for (const [t, f] of tf) {
    const j = vocab.get(t);
    if (j !== undefined) entries.push([j, (1 + Math.log(f)) * (idf[j] as number)]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  let s = 0;
  for (const [, w] of entries) s += w * w;
  const len = Math.sqrt(s) || 1;
  return { idx: Int32Array.from(entries, (e) => e[0]), val: Float64Array.from(entries, (e) => e[1] / len) };
};

/** Fits the vocabulary and idf on `texts` and returns their rows, in order (pure). */
export const vectorize = (texts: readonly string[], p: VectorizerParams): Vectorized => {
  const tfs = texts.map((t) => countTerms(textTerms(t, p.ngrams)));
  return vectorizeCounts(tfs, p);
};

/** `vectorize` from already counted terms (the bench tokenizes once and tries many settings). */
export const vectorizeCounts = (tfs: readonly Map<string, number>[], p: VectorizerParams): Vectorized => {
  const vocab = chooseVocabulary(tfs, p);
  const df = new Float64Array(vocab.size);
  for (const tf of tfs) for (const t of tf.keys()) {
    const j = vocab.get(t);
    if (j !== undefined) df[j] = (df[j] as number) + 1;
  }
  const n = tfs.length;
  const idf = df.map((d) => Math.log((n + 1) / (d + 1)) + 1);
  return { rows: tfs.map((tf) => rowOf(tf, vocab, idf)), vocabulary: [...vocab.keys()] };
};

/** Counted terms of each text (for `vectorizeCounts`). */
export const countTexts = (texts: readonly string[], ngrams: 1 | 2): Map<string, number>[] => texts.map((t) => countTerms(textTerms(t, ngrams)));
