/*
 * Cross-validation helpers for bench:topics: stratified folds, macro-F1, and a nearest-centroid
 * baseline on the same features.
 */
import { bucketIdf, columnsOf, hashedTerms, vectorize, type SparseRow } from '../src/topics/features.js';
import { seededRandom } from '../src/topics/softmax.js';
import type { TopicExample } from '../src/topics/model.js';

/** Fold index (0..k-1) per example, stratified by label, shuffled with `seed`. */
export const stratifiedFolds = (labels: readonly string[], k: number, seed: number): number[] => {
  const rand = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const l of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(l) as number[];
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    idx.forEach((e, n) => (fold[e] = (n + offset) % k));
    offset += idx.length;
  }
  return fold;
};

/** Macro-averaged F1 over the labels of `gold`. */
export const macroF1 = (gold: readonly string[], pred: readonly string[]): number => {
  const labels = [...new Set(gold)];
  let sum = 0;
  for (const l of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = pred[i];
      if (p === l && g === l) tp++;
      else if (p === l) fp++;
      else if (g === l) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / labels.length;
};

/** Accuracy. */
export const accuracy = (gold: readonly string[], pred: readonly string[]): number => gold.filter((g, i) => g === pred[i]).length / Math.max(1, gold.length);

/** Nearest-centroid baseline: unigram tf-idf (hashed, 2^18 buckets), cosine to each label's mean vector. */
export const nearestCentroid = (train: readonly TopicExample[], test: readonly TopicExample[]): string[] => {
  const opts = { bigrams: false, chars: 0, bits: 18 };
  const docs = train.map((e) => hashedTerms(e.text, opts));
  const idfMap = bucketIdf(docs, 1, opts.bits);
  const column = columnsOf([...idfMap.keys()], opts.bits);
  const idf = [...idfMap.values()];
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const centroids = labels.map(() => new Float64Array(idf.length));
  docs.forEach((d, i) => {
    const row = vectorize(d, column, idf);
    const c = centroids[labels.indexOf((train[i] as TopicExample).label)] as Float64Array;
    row.idx.forEach((f, k) => (c[f] = (c[f] as number) + (row.val[k] as number)));
  });
  for (const c of centroids) {
    const len = Math.sqrt(c.reduce((s, v) => s + v * v, 0));
    if (len > 0) for (let f = 0; f < c.length; f++) c[f] = (c[f] as number) / len;
  }
  return test.map((e) => {
    const row: SparseRow = vectorize(hashedTerms(e.text, opts), column, idf);
    let best = 0;
    let bestScore = -Infinity;
    centroids.forEach((c, j) => {
      let s = 0;
      row.idx.forEach((f, k) => (s += (row.val[k] as number) * (c[f] as number)));
      if (s > bestScore) [best, bestScore] = [j, s];
    });
    return labels[best] as string;
  });
};
