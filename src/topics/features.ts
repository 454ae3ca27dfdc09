/*
 * The topic model's features: the text layer's index terms (tokenized, stop words dropped,
 * Porter-stemmed) plus adjacent-term bigrams, weighted (1 + ln tf) · idf and cut to unit length.
 * The vocabulary is fixed at training time (terms seen in at least `minDf` examples, the most
 * frequent first, at most `maxFeatures`); unknown terms at classify time are ignored.
 */
import { isStopWord, termsOfTokens } from '../text/terms.js';
import { tokenize } from '../text/tokenize.js';

/** Characters of a text read for topics: a 1 MB abstract costs what its first 20,000 characters cost. */
export const MAX_TEXT_CHARS = 20_000;
const MAX_TOKENS = 2_000;

/** A sparse row: parallel arrays of feature indices (ascending) and values. */
export interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

export interface TermOptions {
  /** Add bigrams `a b` of adjacent kept terms. */
  bigrams: boolean;
  /** Add character n-grams of this length and shorter down to 3 (0: none), of each word as written, marked `#`. */
  chars: number;
}

const charGrams = (word: string, max: number, out: string[]): void => {
  const w = `<${word}>`;
  for (let n = 3; n <= max; n++) for (let i = 0; i + n <= w.length; i++) out.push(`#${w.slice(i, i + n)}`);
};

/** The raw terms of a text: unigrams, plus bigrams and character n-grams as `opts` asks. */
export const rawTerms = (text: string, opts: TermOptions): string[] => {
  const tokens = tokenize(text.slice(0, MAX_TEXT_CHARS), { maxTokens: MAX_TOKENS });
  const terms = termsOfTokens(tokens).map((t) => t.term);
  const out = terms.slice();
  if (opts.bigrams) for (let i = 0; i + 1 < terms.length; i++) out.push(`${terms[i]} ${terms[i + 1]}`);
  if (opts.chars >= 3) for (const t of tokens) if (t.kind === 'word' && !isStopWord(t.text)) charGrams(t.text, opts.chars, out);
  return out;
};

export interface VocabularyOptions {
  minDf: number;
  maxFeatures: number;
}

export interface Vocabulary {
  terms: string[];
  idf: number[];
}

/** The vocabulary and smoothed idf, ln((n + 1) / (df + 1)) + 1, of tokenized documents. */
export const buildVocabulary = (docs: readonly string[][], opts: VocabularyOptions): Vocabulary => {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = [...df].filter(([, c]) => c >= opts.minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, opts.maxFeatures);
  const n = docs.length;
  return { terms: kept.map(([t]) => t), idf: kept.map(([, c]) => Math.log((n + 1) / (c + 1)) + 1) };
};

/** A term → index lookup for a vocabulary. */
export const indexOf = (v: Vocabulary): Map<string, number> => new Map(v.terms.map((t, i) => [t, i]));

/** The unit tf-idf row of a tokenized document over a vocabulary (unknown terms ignored). */
export const vectorize = (terms: readonly string[], index: ReadonlyMap<string, number>, idf: readonly number[]): SparseRow => {
  const tf = new Map<number, number>();
  for (const t of terms) {
    const i = index.get(t);
    if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  const idx = Int32Array.from([...tf.keys()].sort((a, b) => a - b));
  const val = new Float64Array(idx.length);
  let s = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    const w = (1 + Math.log(tf.get(i) as number)) * (idf[i] as number);
    val[k] = w;
    s += w * w;
  }
  const len = Math.sqrt(s);
  if (len > 0) for (let k = 0; k < val.length; k++) val[k] = (val[k] as number) / len;
  return { idx, val };
};
