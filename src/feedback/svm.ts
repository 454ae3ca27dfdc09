/*
 * A linear SVM (L2-regularized, squared hinge loss — scikit-learn's LinearSVC, which arxiv-sanity
 * uses) trained by dual coordinate descent (Hsieh et al. 2008, liblinear's solver), with balanced
 * class weights (each class weighs n / (2 · its size)) and the intercept learned as the weight of a
 * constant feature 1 (liblinear's intercept_scaling = 1). Deterministic: the visiting order comes
 * from a seeded generator.
 */
import type { SparseRow } from './vectorizer.js';
import { seededRandom } from '../platform/random.js';

export interface SvmParams {
  /** Inverse regularization strength. */
  c: number;
  /** Stop when the projected gradient's spread over an epoch is below this. */
  tolerance?: number;
  /** At most this many passes over the data. */
  maxEpochs?: number;
  /** Per-row multiplier of the row's C (after class balancing); 1 when absent. */
  weights?: readonly number[];
}

export interface LinearModel {
  /** Weight per vocabulary index. */
  w: Float64Array;
  bias: number;
}

/** A seeded generator so training is repeatable. */
const rng = seededRandom;

const shuffle = (order: Int32Array, next: () => number): void => {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
};

/** w·x + bias for one row. */
export const decision = (m: LinearModel, x: SparseRow): number => {
  let s = m.bias;
  for (let k = 0; k < x.idx.length; k++) s += (m.w[x.idx[k] as number] as number) * (x.val[k] as number);
  return s;
};

/**
 * Trains on `rows` with labels `y` (true: relevant), over `dims` features. Both classes must be
 * present (the caller checks).
 */
export const trainSvm = (rows: readonly SparseRow[], y: readonly boolean[], dims: number, p: SvmParams): LinearModel => {
  const n = rows.length;
  const nPos = y.filter(Boolean).length;
  const cPos = (p.c * n) / (2 * nPos);
  const cNeg = (p.c * n) / (2 * (n - nPos));
  const w = new Float64Array(dims);
  let bias = 0;
  const alpha = new Float64Array(n);
  const diag = new Float64Array(n);
  const qii = new Float64Array(n);
  const sign = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = rows[i] as SparseRow;
    let sq = 1; // the constant feature
    for (let k = 0; k < x.val.length; k++) sq += (x.val[k] as number) ** 2;
    diag[i] = 1 / (2 * (y[i] ? cPos : cNeg) * (p.weights?.[i] ?? 1));
    qii[i] = sq + (diag[i] as number);
    sign[i] = y[i] ? 1 : -1;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const next = rng(1);
  const tol = p.tolerance ?? 1e-3;
  const maxEpochs = p.maxEpochs ?? 1000;
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    shuffle(order, next);
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (let o = 0; o < n; o++) {
      const i = order[o] as number;
      const x = rows[i] as SparseRow;
      const yi = sign[i] as number;
      let wx = bias;
      for (let k = 0; k < x.idx.length; k++) wx += (w[x.idx[k] as number] as number) * (x.val[k] as number);
      const a = alpha[i] as number;
      const g = yi * wx - 1 + (diag[i] as number) * a;
      const pg = a === 0 ? Math.min(g, 0) : g;
      if (pg > maxPg) maxPg = pg;
      if (pg < minPg) minPg = pg;
      if (Math.abs(pg) < 1e-12) continue;
      const na = Math.max(a - g / (qii[i] as number), 0);
      const d = (na - a) * yi;
      alpha[i] = na;
      for (let k = 0; k < x.idx.length; k++) {
        const j = x.idx[k] as number;
        w[j] = (w[j] as number) + d * (x.val[k] as number);
      }
      bias += d;
    }
    if (maxPg - minPg < tol) break;
  }
  return { w, bias };
};
