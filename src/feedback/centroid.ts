/*
 * The Rocchio baseline (a tf-idf centroid): score = cosine(x, mean of the positives − β · mean of the
 * negatives). The bench's baseline, and `rank`'s answer when there is nothing to contrast the
 * positives with (every input item is labelled relevant).
 */
import type { SparseRow } from './vectorizer.js';

const addMean = (into: Float64Array, rows: readonly SparseRow[], scale: number): void => {
  if (rows.length === 0) return;
  const f = scale / rows.length;
  for (const r of rows) for (let k = 0; k < r.idx.length; k++) into[r.idx[k] as number] = (into[r.idx[k] as number] as number) + f * (r.val[k] as number);
};

/** The unit Rocchio vector of `positives` and `negatives` over `dims` features. */
export const rocchioCentroid = (positives: readonly SparseRow[], negatives: readonly SparseRow[], dims: number, beta = 0.5): Float64Array => {
  const c = new Float64Array(dims);
  addMean(c, positives, 1);
  addMean(c, negatives, -beta);
  let s = 0;
  for (const v of c) s += v * v;
  const len = Math.sqrt(s) || 1;
  return c.map((v) => v / len);
};

/** Cosine of a unit row with a unit centroid. */
export const centroidScore = (centroid: Float64Array, x: SparseRow): number => {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += (centroid[x.idx[k] as number] as number) * (x.val[k] as number);
  return s;
};
