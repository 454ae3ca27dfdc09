/*
 * The pipeline's learned relevance model (issue 18, ADR 0030), pure: labelled signals and a
 * background of unlabelled ones → the same vectorizer and class-balanced linear SVM as `harvest rank`
 * (ADR 0026) → a JSON model the store keeps. Scoring maps the SVM's decision to its quantile among
 * the training pool, r = 2q − 1 in [−1, 1], so the weight in salience means the same whatever the
 * SVM's scale; the explanation names the nearest signals marked relevant.
 */
import { inputError } from '../domain/errors.js';
import { docExtras, docText, docTitle, type RelevanceDoc } from './features.js';
import { fitRelevance } from './model.js';
import { DEFAULT_RANK_PARAMS, type RankParams } from './rank.js';
import { decision } from './svm.js';
import { fitInterned, internTexts, pairKey, rowsFor, type SparseRow, type Vocabulary } from './vectorizer.js';

/** Positives kept for explanations (the newest). */
const MAX_POSITIVES = 500;
/** A labelled positive counts as "like" this signal from this cosine up. */
export const LIKE_COSINE = 0.15;
const QUANTILES = 100;

export interface StoredPositive {
  itemId: number;
  title: string;
  idx: number[];
  val: number[];
}

/** The model as the store keeps it (JSON). */
export interface StoredRelevanceModel {
  version: 1;
  kind: 'svm' | 'centroid';
  ngrams: 1 | 2;
  terms: string[];
  idf: number[];
  w: number[];
  bias: number;
  /** The decision's quantiles over the training pool, ascending (QUANTILES + 1 points). */
  quantiles: number[];
  positives: StoredPositive[];
  labels: { relevant: number; irrelevant: number };
}

export interface LabelledDoc {
  doc: RelevanceDoc;
  relevant: boolean;
}

export interface RelevanceVerdict {
  /** The decision's place among the training pool mapped to [−1, 1]. */
  r: number;
  /** How many labelled positives are like it (cosine ≥ LIKE_COSINE), and the nearest ones' titles. */
  like: number;
  titles: string[];
}

export interface RelevanceScorer {
  score(docs: readonly RelevanceDoc[]): RelevanceVerdict[];
}

const round6 = (x: number): number => Number(x.toPrecision(6));

const quantilesOf = (values: number[]): number[] => {
  const s = values.slice().sort((a, b) => a - b);
  return Array.from({ length: QUANTILES + 1 }, (_, i) => round6(s[Math.min(s.length - 1, Math.round((i / QUANTILES) * (s.length - 1)))] as number));
};

/** Trains on `labelled` (at least one relevant) with `background` as vocabulary context. */
export const trainRelevanceModel = (labelled: readonly LabelledDoc[], background: readonly RelevanceDoc[], params: RankParams = DEFAULT_RANK_PARAMS): StoredRelevanceModel => {
  if (!labelled.some((l) => l.relevant)) throw inputError('the relevance model needs at least one signal labelled relevant');
  const docs = [...labelled.map((l) => l.doc), ...background];
  const { vocabulary, rows } = fitInterned(internTexts(docs.map(docText), params.ngrams, docs.map(docExtras)), params);
  const labelledRows = rows.slice(0, labelled.length);
  const model = fitRelevance({ labelled: labelledRows, labels: labelled.map((l) => l.relevant), unlabelled: rows.slice(labelled.length), dims: vocabulary.idf.length, c: params.c, centroidWeight: params.centroidWeight, centroidLabels: params.centroidLabels, negativeWeight: params.negativeWeight });
  const positives = labelled
    .map((l, i) => ({ l, row: labelledRows[i] as SparseRow }))
    .filter((p) => p.l.relevant)
    .slice(-MAX_POSITIVES)
    .map((p) => ({ itemId: p.l.doc.itemId, title: docTitle(p.l.doc), idx: [...p.row.idx], val: [...p.row.val].map(round6) }));
  return {
    version: 1,
    kind: model.kind,
    ngrams: params.ngrams,
    terms: vocabulary.terms,
    idf: [...vocabulary.idf].map(round6),
    w: [...model.w].map(round6),
    bias: model.bias,
    quantiles: quantilesOf(rows.map((r) => decision(model, r))),
    positives,
    labels: { relevant: labelled.filter((l) => l.relevant).length, irrelevant: labelled.filter((l) => !l.relevant).length },
  };
};

/** The vocabulary back from its column terms ("word" or "word word"). */
const vocabularyOf = (m: StoredRelevanceModel): Vocabulary => {
  const words = new Map<string, number>();
  const id = (w: string): number => {
    let i = words.get(w);
    if (i === undefined) words.set(w, (i = words.size));
    return i;
  };
  const cols: Array<[number, number]> = [];
  const pairs = new Map<number, number>();
  m.terms.forEach((t, j) => {
    const sp = m.ngrams === 2 ? t.indexOf(' ') : -1;
    if (sp < 0) cols.push([id(t), j]);
    else pairs.set(pairKey(id(t.slice(0, sp)), id(t.slice(sp + 1))), j);
  });
  const wordCol = new Int32Array(words.size).fill(-1);
  for (const [w, j] of cols) wordCol[w] = j;
  return { words, wordCol, pairs, idf: Float64Array.from(m.idf), terms: m.terms, ngrams: m.ngrams };
};

/** Where `d` falls among the ascending quantiles, as a fraction in [0, 1] (interpolated). */
export const quantileOf = (q: readonly number[], d: number): number => {
  const n = q.length - 1;
  if (n < 1 || d <= (q[0] as number)) return 0;
  if (d >= (q[n] as number)) return 1;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((q[mid] as number) <= d) lo = mid;
    else hi = mid;
  }
  const a = q[lo] as number;
  const b = q[hi] as number;
  return (lo + (b > a ? (d - a) / (b - a) : 0)) / n;
};

/** The labelled positives like `row` (the signal itself left out), nearest first. */
const likeOf = (m: StoredRelevanceModel, itemId: number, row: SparseRow, dense: Float64Array): { like: number; titles: string[] } => {
  for (let k = 0; k < row.idx.length; k++) dense[row.idx[k] as number] = row.val[k] as number;
  const near: Array<{ title: string; cos: number }> = [];
  for (const p of m.positives) {
    if (p.itemId === itemId) continue;
    let s = 0;
    for (let k = 0; k < p.idx.length; k++) s += (dense[p.idx[k] as number] as number) * (p.val[k] as number);
    if (s >= LIKE_COSINE) near.push({ title: p.title, cos: s });
  }
  for (let k = 0; k < row.idx.length; k++) dense[row.idx[k] as number] = 0;
  near.sort((a, b) => b.cos - a.cos);
  return { like: near.length, titles: near.slice(0, 3).map((n) => n.title) };
};

/** A scorer over a stored model. */
export const loadRelevanceModel = (m: StoredRelevanceModel): RelevanceScorer => {
  const vocabulary = vocabularyOf(m);
  const linear = { w: Float64Array.from(m.w), bias: m.bias };
  const dense = new Float64Array(m.terms.length);
  return {
    score(docs) {
      const rows = rowsFor(vocabulary, docs.map(docText), docs.map(docExtras));
      return rows.map((row, i) => ({ r: round6(2 * quantileOf(m.quantiles, decision(linear, row)) - 1), ...likeOf(m, (docs[i] as RelevanceDoc).itemId, row, dense) }));
    },
  };
};

/** Parses a stored model; throws INPUT_INVALID when it is not one. */
export const parseRelevanceModel = (json: string): StoredRelevanceModel => {
  const m = JSON.parse(json) as Partial<StoredRelevanceModel>;
  if (m.version !== 1 || !Array.isArray(m.terms) || !Array.isArray(m.w) || !Array.isArray(m.quantiles) || m.w.length !== m.terms.length) throw inputError('the stored relevance model is not a version 1 model');
  return m as StoredRelevanceModel;
};

/** The breakdown's sentence for a verdict. */
export const explainRelevance = (v: RelevanceVerdict): string => {
  if (v.like === 0) return 'like none of the signals you marked relevant';
  const quoted = v.titles.map((t) => `"${t}"`).join(', ');
  return `like ${v.like} signal${v.like === 1 ? '' : 's'} you marked relevant: ${quoted}${v.like > v.titles.length ? ', …' : ''}`;
};
