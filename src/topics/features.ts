/*
 * The topic model's features, hashed (no vocabulary strings at classify time): the text layer's
 * index terms (tokenized, stop words dropped, Porter-stemmed), bigrams of adjacent terms, and
 * character 3…`chars`-grams of each word as written (with `<` `>` marking its ends), each hashed
 * (FNV-1a, a different seed per kind) into 2^`bits` buckets. A row is the bucket counts weighted
 * (1 + ln tf) · idf and cut to unit length. Char n-grams are hashed straight from the character
 * codes, so a title costs no string allocation beyond its tokens.
 */
import { isStopWord, termsOfTokens } from '../text/terms.js';
import { tokenize } from '../text/tokenize.js';

/** Characters of a text read for topics: a 1 MB abstract costs what its first 20,000 characters cost. */
export const MAX_TEXT_CHARS = 20_000;
const MAX_TOKENS = 2_000;

const FNV_PRIME = 16777619;
const SEED_WORD = 2166136261;
const SEED_BIGRAM = 0x9747b28c;
const SEED_CHAR = 0x5bd1e995;

/** A sparse row: parallel arrays of bucket ids (ascending) and values. */
export interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

export interface TermOptions {
  /** Add bigrams of adjacent kept terms. */
  bigrams: boolean;
  /** Add character n-grams of length 3 up to this (0: none) of each word as written. */
  chars: number;
  /** Hash into 2^bits buckets. */
  bits: number;
}

const fnv = (s: string, seed: number): number => {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
};

/** A final mix so that low bits depend on every input bit (murmur3's fmix32). */
const mix = (x: number): number => {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

const charGrams = (word: string, max: number, mask: number, out: number[]): void => {
  const len = word.length + 2;
  const code = (i: number): number => (i === 0 ? 60 : i === len - 1 ? 62 : word.charCodeAt(i - 1)); // < word >
  for (let i = 0; i + 3 <= len; i++) {
    let h = SEED_CHAR;
    for (let j = i; j < len && j - i < max; j++) {
      h = Math.imul(h ^ code(j), FNV_PRIME) >>> 0;
      if (j - i >= 2) out.push(mix(h) & mask);
    }
  }
};

/** The hashed features of a text, one bucket id per occurrence (repeats are term frequencies). */
export const hashedTerms = (text: string, opts: TermOptions): number[] => {
  const mask = (1 << opts.bits) - 1;
  const tokens = tokenize(text.slice(0, MAX_TEXT_CHARS), { maxTokens: MAX_TOKENS });
  const words = termsOfTokens(tokens).map((t) => fnv(t.term, SEED_WORD));
  const out = words.map((h) => mix(h) & mask);
  if (opts.bigrams) for (let i = 0; i + 1 < words.length; i++) out.push(mix(Math.imul((words[i] as number) ^ SEED_BIGRAM, FNV_PRIME) + (words[i + 1] as number)) & mask);
  if (opts.chars >= 3) for (const t of tokens) if (t.kind === 'word' && !isStopWord(t.text)) charGrams(t.text, opts.chars, mask, out);
  return out;
};

/** Document frequency → smoothed idf, ln((n + 1) / (df + 1)) + 1, per bucket seen in at least `minDf` of `docs`. */
export const bucketIdf = (docs: readonly number[][], minDf: number, bits: number): Map<number, number> => {
  const df = new Int32Array(1 << bits);
  const last = new Int32Array(1 << bits).fill(-1);
  docs.forEach((d, i) => {
    for (const b of d) {
      if (last[b] === i) continue;
      last[b] = i;
      df[b] = (df[b] as number) + 1;
    }
  });
  const n = docs.length;
  const idf = new Map<number, number>();
  df.forEach((c, b) => {
    if (c >= minDf && c > 0) idf.set(b, Math.log((n + 1) / (c + 1)) + 1);
  });
  return idf;
};

/**
 * The unit tf-idf row of hashed terms. `column` maps a bucket to its column (-1: not a feature);
 * `idf` is per column.
 */
export const vectorize = (buckets: readonly number[], column: Int32Array, idf: ArrayLike<number>): SparseRow => {
  const cols: number[] = [];
  for (const b of buckets) {
    const c = column[b] as number;
    if (c >= 0) cols.push(c);
  }
  const sorted = Int32Array.from(cols).sort();
  // Runs of equal columns are the term frequencies.
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
  const idx = new Int32Array(distinct);
  const val = new Float64Array(distinct);
  let s = 0;
  for (let k = 0, out = -1; k < sorted.length; k++) {
    const c = sorted[k] as number;
    if (k === 0 || c !== sorted[k - 1]) idx[++out] = c;
    val[out] = (val[out] as number) + 1;
  }
  for (let k = 0; k < distinct; k++) {
    const w = (1 + Math.log(val[k] as number)) * (idf[idx[k] as number] as number);
    val[k] = w;
    s += w * w;
  }
  const len = Math.sqrt(s);
  if (len > 0) for (let k = 0; k < distinct; k++) val[k] = (val[k] as number) / len;
  return { idx, val };
};

/** The column lookup of a model's buckets: a bucket's column, or -1. */
export const columnsOf = (buckets: readonly number[], bits: number): Int32Array => {
  const col = new Int32Array(1 << bits).fill(-1);
  buckets.forEach((b, i) => (col[b] = i));
  return col;
};
