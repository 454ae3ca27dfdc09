/*
 * The relevance model's features (ADR 0026): index terms from the text layer (src/text: stop words
 * out, Porter stems, URLs/handles/hashtags kept) plus adjacent-term bigrams, weighted as arxiv-sanity
 * weights them — sublinear tf (1 + ln tf) · smoothed idf, rows at unit length — over a vocabulary
 * fitted on every text at hand (labelled and unlabelled: no labels are used), cut by document
 * frequency (min df, max df share, max features). Terms are interned to integers once, so fitting
 * 20,000 texts and scoring 25,000 allocate little beyond the rows (sorted indices and weights).
 */
import { fastTerms } from '../text/terms.js';
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

/**
 * A fitted vocabulary. Words (unigram strings) have ids; a column is a word or an adjacent pair of
 * words (keyed by both ids, so no pair string is ever built while fitting or scoring).
 */
export interface Vocabulary {
  /** Every word that is a column or part of a pair column → its id. */
  words: Map<string, number>;
  /** Word id → column, or -1 when the word alone is not a column. */
  wordCol: Int32Array;
  /** pairKey(a, b) → column. */
  pairs: Map<number, number>;
  /** Column → idf. */
  idf: Float64Array;
  /** Column → its term ("word" or "word word"), for explanations. */
  terms: string[];
  ngrams: 1 | 2;
}

const PAIR = 2 ** 22;
/** The key of the pair of word ids (a, b). */
export const pairKey = (a: number, b: number): number => a * PAIR + b;

/** Texts are cut here before tokenizing: a paper or a post tells its subject early. */
const MAX_CHARS = 20_000;
const MAX_TOKENS = 3000;
const tokenizeRun = (run: string): ReturnType<typeof tokenize> => tokenize(run);

const words = (text: string): string[] => fastTerms(text.slice(0, MAX_CHARS), MAX_TOKENS, tokenizeRun);

/** The terms of one text, unigrams then (when `ngrams` is 2) adjacent pairs, repeats kept. */
export const textTerms = (text: string, ngrams: 1 | 2): string[] => {
  const uni = words(text);
  if (ngrams === 1) return uni;
  const out = uni.slice();
  for (let i = 0; i + 1 < uni.length; i++) out.push(`${uni[i]} ${uni[i + 1]}`);
  return out;
};

/** min df for `n` documents: the configured value, but one per 500 documents at most (so 10 texts keep their words). */
export const effectiveMinDf = (minDf: number, n: number): number => Math.max(1, Math.min(minDf, Math.floor(n / 500)));

/** Texts as interned word ids (repeats kept), with document frequencies of words and of pairs. */
export interface Interned {
  docs: Int32Array[];
  words: string[];
  wordDf: number[];
  /** pairKey → document frequency (empty when `ngrams` is 1). */
  pairDf: Map<number, number>;
  ngrams: 1 | 2;
}

/**
 * Tokenizes each text once (the expensive step) and interns its words. `extras[d]`, when given, are
 * whole terms appended to text d untokenized (the pipeline's `source:x`, `tag:y` features).
 */
export const internTexts = (texts: readonly string[], ngrams: 1 | 2, extras?: readonly (readonly string[])[]): Interned => {
  const ids = new Map<string, number>();
  const list: string[] = [];
  const wordDf: number[] = [];
  const lastDoc: number[] = [];
  const pairDf = new Map<number, number>();
  const docs = texts.map((text, d) => {
    const more = extras?.[d];
    const ws = more && more.length > 0 ? [...words(text), ...more] : words(text);
    const doc = new Int32Array(ws.length);
    for (let i = 0; i < ws.length; i++) {
      const t = ws[i] as string;
      let id = ids.get(t);
      if (id === undefined) {
        id = list.length;
        ids.set(t, id);
        list.push(t);
        wordDf.push(0);
        lastDoc.push(-1);
      }
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        wordDf[id] = (wordDf[id] as number) + 1;
      }
      doc[i] = id;
    }
    if (ngrams === 2 && doc.length > 1) {
      const keys = new Float64Array(doc.length - 1);
      for (let i = 0; i + 1 < doc.length; i++) keys[i] = pairKey(doc[i] as number, doc[i + 1] as number);
      keys.sort();
      for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) pairDf.set(keys[i] as number, (pairDf.get(keys[i] as number) ?? 0) + 1);
    }
    return doc;
  });
  return { docs, words: list, wordDf, pairDf, ngrams };
};

/** Builds unit rows from columns (repeats are counts); reuses one scratch array. */
const rowBuilder = (idf: Float64Array): ((cols: Iterable<number>) => SparseRow) => {
  const counts = new Float64Array(idf.length);
  return (cols) => {
    const touched: number[] = [];
    for (const j of cols) {
      if (j < 0) continue;
      if (counts[j] === 0) touched.push(j);
      counts[j] = (counts[j] as number) + 1;
    }
    const idx = Int32Array.from(touched).sort();
    const val = new Float64Array(idx.length);
    let s = 0;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k] as number;
      const w = (1 + Math.log(counts[j] as number)) * (idf[j] as number);
      counts[j] = 0;
      val[k] = w;
      s += w * w;
    }
    const len = Math.sqrt(s) || 1;
    for (let k = 0; k < val.length; k++) val[k] = (val[k] as number) / len;
    return { idx, val };
  };
};

interface Candidate {
  /** A word id, or a pair key for a pair. */
  key: number;
  pair: boolean;
  df: number;
  term: string;
}

const candidates = (x: Interned, p: VectorizerParams, min: number, max: number): Candidate[] => {
  const out: Candidate[] = [];
  x.wordDf.forEach((df, id) => {
    if (df >= min && df <= max) out.push({ key: id, pair: false, df, term: x.words[id] as string });
  });
  if (p.ngrams === 2)
    for (const [k, df] of x.pairDf)
      if (df >= min && df <= max) out.push({ key: k, pair: true, df, term: `${x.words[Math.floor(k / PAIR)]} ${x.words[k % PAIR]}` });
  return out;
};

const byTerm = (a: Candidate, b: Candidate): number => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/** Chooses the columns (df cuts, most frequent first) and their idf, and the rows of the interned texts (no labels used). */
export const fitInterned = (x: Interned, p: VectorizerParams): { vocabulary: Vocabulary; rows: SparseRow[] } => {
  const n = x.docs.length;
  let kept = candidates(x, p, effectiveMinDf(p.minDf, n), Math.max(5, Math.floor(p.maxDf * n)));
  if (kept.length > p.maxFeatures) kept = kept.sort((a, b) => b.df - a.df || byTerm(a, b)).slice(0, p.maxFeatures);
  kept.sort(byTerm);
  // word ids here are the interned ones; the vocabulary renumbers the words it keeps
  const wordColByInterned = new Int32Array(x.words.length).fill(-1);
  const pairs = new Map<number, number>();
  kept.forEach((c, j) => (c.pair ? pairs.set(c.key, j) : (wordColByInterned[c.key] = j)));
  const idf = Float64Array.from(kept, (c) => Math.log((n + 1) / (c.df + 1)) + 1);
  const build = rowBuilder(idf);
  const rows = x.docs.map((doc) => {
    const cols: number[] = [];
    for (let i = 0; i < doc.length; i++) {
      cols.push(wordColByInterned[doc[i] as number] as number);
      if (p.ngrams === 2 && i + 1 < doc.length) cols.push(pairs.get(pairKey(doc[i] as number, doc[i + 1] as number)) ?? -1);
    }
    return build(cols);
  });
  return { vocabulary: renumber(x, kept, wordColByInterned, pairs, idf, p.ngrams), rows };
};

/** The vocabulary over only the words it needs (a kept word, or part of a kept pair). */
const renumber = (x: Interned, kept: readonly Candidate[], wordColByInterned: Int32Array, pairs: Map<number, number>, idf: Float64Array, ngrams: 1 | 2): Vocabulary => {
  const newId = new Map<number, number>();
  const need = (old: number): number => {
    let id = newId.get(old);
    if (id === undefined) newId.set(old, (id = newId.size));
    return id;
  };
  wordColByInterned.forEach((col, old) => col >= 0 && need(old));
  const newPairs = new Map<number, number>();
  for (const [k, col] of pairs) newPairs.set(pairKey(need(Math.floor(k / PAIR)), need(k % PAIR)), col);
  const words = new Map<string, number>();
  const wordCol = new Int32Array(newId.size).fill(-1);
  for (const [old, id] of newId) {
    words.set(x.words[old] as string, id);
    wordCol[id] = wordColByInterned[old] as number;
  }
  return { words, wordCol, pairs: newPairs, idf, terms: kept.map((c) => c.term), ngrams };
};

/**
 * Rows of new texts over a fitted vocabulary (unknown terms ignored); `extras` as in `internTexts`.
 * One pass over each text's terms, columns (and pair columns, keyed by the previous known word)
 * collected into one reused scratch array: no per-text id arrays or copies.
 */
export const rowsFor = (v: Vocabulary, texts: readonly string[], extras?: readonly (readonly string[])[]): SparseRow[] => {
  const build = rowBuilder(v.idf);
  const cols: number[] = [];
  let prev = -1;
  const visit = (w: string): void => {
    const a = v.words.get(w) ?? -1;
    if (a >= 0) {
      cols.push(v.wordCol[a] as number);
      if (v.ngrams === 2 && prev >= 0) cols.push(v.pairs.get(pairKey(prev, a)) ?? -1);
    }
    prev = a;
  };
  return texts.map((text, d) => {
    cols.length = 0;
    prev = -1;
    for (const w of words(text)) visit(w);
    for (const w of extras?.[d] ?? []) visit(w);
    return build(cols);
  });
};

/** Fits the vocabulary and idf on `texts` and returns their rows, in order (pure). */
export const vectorize = (texts: readonly string[], p: VectorizerParams): { vocabulary: string[]; rows: SparseRow[] } => {
  const f = fitInterned(internTexts(texts, p.ngrams), p);
  return { vocabulary: f.vocabulary.terms, rows: f.rows };
};
